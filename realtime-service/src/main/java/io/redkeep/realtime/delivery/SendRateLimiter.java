package io.redkeep.realtime.delivery;

/**
 * Token bucket of one connection's {@code send} frames: {@code rate} per second
 * sustained, {@code burst} at once. Used from the connection's inbound sequence only, so
 * it needs no locking.
 */
final class SendRateLimiter {

    private final double ratePerNano;

    private final double burst;

    private double tokens;

    private long lastNanos;

    SendRateLimiter(int ratePerSecond, int burst) {
        this.ratePerNano = ratePerSecond / 1_000_000_000.0;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    /**
     * Takes a token for a frame that arrived at {@code arrivalNanos}
     * ({@link System#nanoTime()}): the rate is about when frames arrive, not how fast the
     * server got round to them.
     */
    boolean tryAcquire(long arrivalNanos) {
        long elapsed = Math.max(0, arrivalNanos - this.lastNanos);
        this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerNano);
        this.lastNanos = Math.max(this.lastNanos, arrivalNanos);
        if (this.tokens >= 1) {
            this.tokens -= 1;
            return true;
        }
        return false;
    }

}
