package io.redkeep.redis.pubsub;

import io.redkeep.redis.event.EventEnvelope;

/**
 * What a pub/sub subscriber sees. Pub/sub is lossy by design (spec/internal.md), so
 * besides messages a subscriber is told when its subscription became active and when it
 * may have missed messages, so it can catch up from durable storage.
 */
public sealed interface ChannelSignal {

    /**
     * The server confirmed the subscription: messages published from now on arrive.
     *
     * @param topic the channel or pattern subscribed to
     */
    record Subscribed(String topic) implements ChannelSignal {
    }

    /**
     * One published event.
     *
     * @param channel the channel it was published on
     * @param pattern the pattern that matched, {@code null} for a plain channel
     * subscription
     * @param event the decoded envelope
     */
    record Message(String channel, String pattern, EventEnvelope event) implements ChannelSignal {
    }

    /**
     * Messages may have been lost before this point; what follows is live again.
     *
     * @param reason why
     * @param dropped how many messages this subscriber's buffer discarded
     * ({@link GapReason#OVERFLOW}), 0 when unknown ({@link GapReason#RECONNECTED})
     */
    record Gap(GapReason reason, long dropped) implements ChannelSignal {
    }

    enum GapReason {

        /**
         * The pub/sub connection was lost or stopped delivering (liveness probe) and has
         * been re-established with every subscription restored.
         */
        RECONNECTED,

        /**
         * This subscriber consumed too slowly and its bounded buffer discarded the oldest
         * messages.
         */
        OVERFLOW

    }

}
