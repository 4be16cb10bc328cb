package io.redkeep.session;

import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Announces revocations on {@code tk:events:sessions} (spec/internal.md, "Events") as a
 * {@code session.revoked} envelope, so every gateway drops its local copy at once.
 * Pub/sub is lossy by design: a failed publish is logged, never turned into a failed
 * revocation (the keys are already gone; gateway caches are short-lived anyway).
 */
public class SessionRevocationPublisher {

    private static final Log logger = LogFactory.getLog(SessionRevocationPublisher.class);

    private final RedisRoleClient state;

    private final EventCodec codec;

    private final String channel;

    private final String source;

    public SessionRevocationPublisher(RedisRoles redis, EventCodec codec, String source) {
        this.state = redis.state();
        this.codec = codec;
        this.channel = channel(redis);
        this.source = source;
    }

    /** The channel name, {@code <prefix>:events:sessions}. */
    public static String channel(RedisRoles redis) {
        return redis.keys().key("events").part("sessions").build();
    }

    /** Publishes one event; completes when Redis accepted it or the failure was logged. */
    public Mono<Void> publish(SessionRevoked revoked) {
        return Mono.defer(() -> {
            EventEnvelope envelope = EventEnvelope.create(SessionRevoked.TYPE, 1, this.source, revoked.userId(), null,
                    this.codec.toData(revoked));
            String json = this.codec.encode(envelope);
            return this.state.mono((commands) -> commands.publish(this.channel, json));
        }).onErrorResume((ex) -> {
            logger.warn("Could not publish session.revoked for user " + revoked.userId() + ": " + ex.getMessage());
            return Mono.empty();
        }).then();
    }

}
