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

    boolean tryAcquire() {
        long now = System.nanoTime();
        this.tokens = Math.min(this.burst, this.tokens + (now - this.lastNanos) * this.ratePerNano);
        this.lastNanos = now;
        if (this.tokens >= 1) {
            this.tokens -= 1;
            return true;
        }
        return false;
    }

}
