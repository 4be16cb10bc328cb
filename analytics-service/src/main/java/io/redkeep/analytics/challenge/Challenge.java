package io.redkeep.analytics.challenge;

import java.time.Instant;
import java.util.UUID;

/**
 * A challenge as stored.
 *
 * @param id the challenge id
 * @param title the title
 * @param metric what counts
 * @param startsAt the window's start (inclusive)
 * @param endsAt the window's end (exclusive)
 * @param createdAt when it was created (the list's order)
 */
public record Challenge(UUID id, String title, ChallengeMetric metric, Instant startsAt, Instant endsAt,
        Instant createdAt) {

    /** Whether activity at {@code at} falls inside {@code [startsAt, endsAt)}. */
    public boolean contains(Instant at) {
        return !at.isBefore(this.startsAt) && at.isBefore(this.endsAt);
    }

}
