package io.redkeep.redis.pubsub;

import java.time.Duration;
import java.util.UUID;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.PlainRoleClient;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A {@link RedisPubSub} on a plain role client with its own meter registry, for one test.
 */
final class PubSubFixture implements AutoCloseable {

    final RedisKeys keys = new RedisKeys("tk");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    final PlainRoleClient role;

    final RedisPubSub pubSub;

    PubSubFixture(RedisURI uri, int bufferSize) {
        this.role = new PlainRoleClient(RedisRole.STATE, uri);
        PubSubProperties properties = new PubSubProperties(RedisRole.STATE, bufferSize, Duration.ofSeconds(1),
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
        this.pubSub = new RedisPubSub(this.role, this.keys, new EventCodec(), properties, this.meters);
    }

    String channel(String type) {
        return this.keys.key(type).tag(UUID.randomUUID().toString()).build();
    }

    static EventEnvelope event(int n) {
        return EventEnvelope.create("test.event", 1, "kit-tests", null, null,
                JsonNodeFactory.instance.objectNode().put("n", n));
    }

    double counter(String name) {
        return this.meters.get("redkeep.pubsub." + name).counter().count();
    }

    @Override
    public void close() {
        this.pubSub.close();
        this.role.close();
    }

}
