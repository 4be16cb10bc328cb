package io.redkeep.redis.pubsub;

import java.time.Duration;
import java.util.UUID;

import io.redkeep.redis.KitFixture;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.testsupport.RedisSentinelGroup;
import io.redkeep.testsupport.RedisServer;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A {@link RedisPubSub} on the kit's real state role (breaker, deadline, failover
 * handling), with the fixture's own meter registry, for one test.
 */
final class PubSubFixture implements AutoCloseable {

    final KitFixture kit;

    final RedisKeys keys;

    final RedisPubSub pubSub;

    private PubSubFixture(KitFixture kit, int bufferSize) {
        this.kit = kit;
        this.keys = kit.roles().keys();
        PubSubProperties properties = new PubSubProperties(RedisRole.STATE, bufferSize, Duration.ofSeconds(1),
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
        this.pubSub = new RedisPubSub(kit.roles().state(), this.keys, new EventCodec(), properties, kit.registry());
    }

    static PubSubFixture on(RedisServer server, int bufferSize) {
        return new PubSubFixture(KitFixture.on(server), bufferSize);
    }

    static PubSubFixture onSentinels(RedisSentinelGroup group, int bufferSize) {
        return new PubSubFixture(KitFixture.onSentinels(group), bufferSize);
    }

    String channel(String type) {
        return this.keys.key(type).tag(UUID.randomUUID().toString()).build();
    }

    static EventEnvelope event(int n) {
        return EventEnvelope.create("test.event", 1, "kit-tests", null, null,
                JsonNodeFactory.instance.objectNode().put("n", n));
    }

    double counter(String name) {
        return this.kit.registry().get("redkeep.pubsub." + name).counter().count();
    }

    @Override
    public void close() {
        this.pubSub.close();
        this.kit.close();
    }

}
