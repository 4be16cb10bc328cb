package io.redkeep.redis.cache;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The stored form of a cache entry, {@code <expiresAtMillis>:<computeMillis>:<json>}: the
 * two numbers XFetch needs to decide on early recomputation travel with the value, so a
 * HIT costs one GET.
 */
record CacheEntry(long expiresAt, long computeMillis, String json) {

    String encode() {
        return this.expiresAt + ":" + this.computeMillis + ":" + this.json;
    }

    /** The entry, or {@code null} when {@code raw} is not in the kit's format. */
    static CacheEntry decode(String raw) {
        int first = raw.indexOf(':');
        int second = (first > 0) ? raw.indexOf(':', first + 1) : -1;
        if (second < 0) {
            return null;
        }
        try {
            return new CacheEntry(Long.parseLong(raw, 0, first, 10), Long.parseLong(raw, first + 1, second, 10),
                    raw.substring(second + 1));
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

    /**
     * XFetch (Vattani, Chierichetti, Lowenstein 2015): recompute early with a probability
     * that grows as expiry nears and with how long the value took to compute, so one
     * caller across all instances refreshes it before it expires for everyone.
     */
    boolean shouldRecompute(long now, double beta) {
        if (beta == 0) {
            return false;
        }
        double random = ThreadLocalRandom.current().nextDouble();
        double gap = -this.computeMillis * beta * Math.log((random > 0) ? random : Double.MIN_VALUE);
        return now + gap >= this.expiresAt;
    }

}
