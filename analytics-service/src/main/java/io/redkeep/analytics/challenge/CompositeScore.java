package io.redkeep.analytics.challenge;

import java.time.Duration;
import java.time.Instant;

/**
 * One sorted-set score holding a participant's count and when they reached it, so equal
 * counts rank the earlier achiever first with a plain ZREVRANGE. The count takes the high
 * bits; the low {@value #TIME_BITS} bits hold the milliseconds from the challenge's start
 * to the moment the count was reached, inverted (earlier is larger). Windows are at most
 * 366 days (under 2^35 ms), and the composite stays an exact double for counts below
 * 2^18.
 */
public final class CompositeScore {

    static final int TIME_BITS = 35;

    private static final long TIME_SPAN = 1L << TIME_BITS;

    static final long MAX_COUNT = (1L << (53 - TIME_BITS)) - 1;

    private CompositeScore() {
    }

    /**
     * The composite of {@code count} reached at {@code reachedAt} in a challenge starting
     * at {@code startsAt} (moments before the start count as the start).
     */
    public static double of(long count, Instant reachedAt, Instant startsAt) {
        long offset = Math.max(0, Duration.between(startsAt, reachedAt).toMillis());
        offset = Math.min(offset, TIME_SPAN - 1);
        long capped = Math.min(count, MAX_COUNT);
        return (double) (capped * TIME_SPAN + (TIME_SPAN - 1 - offset));
    }

    /** The count a composite holds. */
    public static long count(double composite) {
        return ((long) composite) >>> TIME_BITS;
    }

}
