package io.redkeep.session;

import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.InvalidEventException;
import io.redkeep.redis.pubsub.ChannelSignal;
import io.redkeep.redis.pubsub.RedisPubSub;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway side of {@code tk:events:sessions}: a feed of revocations to evict from a
 * local session cache. Pub/sub can lose messages (reconnects, a slow subscriber), so the
 * feed also says when it may have missed some: a gateway then clears its whole cache.
 *
 * <pre>
 * revocations.feed().subscribe(signal -&gt; {
 *     switch (signal) {
 *         case RevocationSignal.Revoked revoked -&gt; cache.evictAll(revoked.event().tokenHashes());
 *         case RevocationSignal.MayHaveMissed missed -&gt; cache.clear();
 *     }
 * });
 * </pre>
 */
public class SessionRevocations {

    private static final Log logger = LogFactory.getLog(SessionRevocations.class);

    private final RedisPubSub pubSub;

    private final EventCodec codec;

    private final String channel;

    public SessionRevocations(RedisPubSub pubSub, RedisKeys keys, EventCodec codec) {
        this.pubSub = pubSub;
        this.codec = codec;
        this.channel = SessionRevocationPublisher.channel(keys);
    }

    /**
     * Subscribes lazily; the first signal is {@link RevocationSignal.Subscribed} once
     * Redis confirmed the subscription. Malformed messages are logged and skipped. Ends
     * only when cancelled.
     */
    public Flux<RevocationSignal> feed() {
        return this.pubSub.subscribe(this.channel).concatMap(this::toSignal);
    }

    private Mono<RevocationSignal> toSignal(ChannelSignal signal) {
        if (signal instanceof ChannelSignal.Message message) {
            if (!SessionRevoked.TYPE.equals(message.event().type())) {
                return Mono.empty();
            }
            try {
                return Mono
                    .just(new RevocationSignal.Revoked(this.codec.fromData(message.event(), SessionRevoked.class)));
            }
            catch (InvalidEventException | IllegalArgumentException | NullPointerException ex) {
                logger
                    .warn("Skipping malformed session.revoked event " + message.event().id() + ": " + ex.getMessage());
                return Mono.empty();
            }
        }
        if (signal instanceof ChannelSignal.Gap) {
            return Mono.just(new RevocationSignal.MayHaveMissed());
        }
        return Mono.just(new RevocationSignal.Subscribed());
    }

    /** What {@link SessionRevocations#feed()} emits. */
    public sealed interface RevocationSignal {

        /** The subscription is active: revocations from now on arrive. */
        record Subscribed() implements RevocationSignal {
        }

        /**
         * Sessions were revoked: evict them.
         *
         * @param event which sessions
         */
        record Revoked(SessionRevoked event) implements RevocationSignal {
        }

        /** Revocations may have been lost: evict everything cached. */
        record MayHaveMissed() implements RevocationSignal {
        }

    }

}
