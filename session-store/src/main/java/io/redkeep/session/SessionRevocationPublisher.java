package io.redkeep.session;

import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.RedisPubSub;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Announces revocations on {@code tk:events:sessions} (spec/internal.md, "Events") as a
 * {@code session.revoked} envelope, so every gateway drops its local copy at once.
 * Pub/sub is lossy by design: a failed publish is logged, never turned into a failed
 * revocation (the keys are already gone, and gateways bound how long they trust a local
 * copy).
 */
public class SessionRevocationPublisher {

    private static final Log logger = LogFactory.getLog(SessionRevocationPublisher.class);

    private final RedisPubSub pubSub;

    private final EventCodec codec;

    private final String channel;

    private final String source;

    /**
     * @param pubSub pub/sub of the {@code state} role
     * @param keys the key builder (channel prefix)
     * @param codec turns {@link SessionRevoked} into the envelope's {@code data}
     * @param source the publishing service, e.g. {@code auth-session-service}
     */
    public SessionRevocationPublisher(RedisPubSub pubSub, RedisKeys keys, EventCodec codec, String source) {
        this.pubSub = pubSub;
        this.codec = codec;
        this.channel = channel(keys);
        this.source = source;
    }

    /** The channel name, {@code <prefix>:events:sessions}. */
    public static String channel(RedisKeys keys) {
        return keys.key("events").part("sessions").build();
    }

    /**
     * Publishes one event; completes when Redis accepted it or the failure was logged.
     */
    public Mono<Void> publish(SessionRevoked revoked) {
        return Mono
            .defer(() -> this.pubSub.publish(this.channel, EventEnvelope.create(SessionRevoked.TYPE, 1, this.source,
                    revoked.userId(), null, this.codec.toData(revoked))))
            .onErrorResume((ex) -> {
                logger.warn("Could not publish session.revoked for user " + revoked.userId() + ": " + ex);
                return Mono.empty();
            })
            .then();
    }

}
