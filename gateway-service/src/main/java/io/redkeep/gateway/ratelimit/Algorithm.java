package io.redkeep.gateway.ratelimit;

/**
 * The rate-limit algorithms of spec/rate-limits.md. The code is the algorithm's number in
 * {@code META-INF/scripts/rate-limit.lua}.
 */
public enum Algorithm {

    /** Counter per calendar window of the server clock. */
    FIXED_WINDOW(1),

    /** Weighted two-window counter approximating a sliding window. */
    SLIDING_WINDOW(2),

    /** Exact log of admitted requests (sorted set). */
    SLIDING_LOG(3),

    /** Continuous refill with microsecond precision, capacity {@code burst}. */
    TOKEN_BUCKET(4),

    /** Generic cell rate algorithm: one theoretical arrival time per key. */
    GCRA(5);

    private final int code;

    Algorithm(int code) {
        this.code = code;
    }

    public int code() {
        return this.code;
    }

    /**
     * Whether the policy refills at a rate up to a burst rather than counting windows.
     */
    boolean rateBased() {
        return this == TOKEN_BUCKET || this == GCRA;
    }

}
