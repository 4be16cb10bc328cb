package io.redkeep.bench.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.RedisKitProperties;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.internal.KitClientResources;
import io.redkeep.redis.internal.KitRedisRoles;
import io.redkeep.redis.pubsub.PubSubProperties;
import io.redkeep.redis.pubsub.RedisPubSub;
import io.redkeep.session.NewSession;
import io.redkeep.session.SessionRevocationPublisher;
import io.redkeep.session.SessionStore;
import io.redkeep.session.SessionStoreProperties;
import io.redkeep.testsupport.RedisServer;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The kit's roles on the benchmark's Redis server, and sessions written by the shared
 * {@link SessionStore} exactly as auth-session-service writes them at login.
 */
final class BenchRedis implements AutoCloseable {

    private final ClientResources resources;

    private final KitRedisRoles roles;

    private final RedisPubSub pubSub;

    private final SessionStore sessions;

    BenchRedis(RedisServer server) {
        Binder binder = new Binder(new MapConfigurationPropertySource(
                Map.of("redkeep.redis.state.nodes", nodes(server), "redkeep.redis.cache.nodes", nodes(server))));
        this.resources = KitClientResources.create(new SimpleMeterRegistry());
        this.roles = new KitRedisRoles(binder.bindOrCreate(RedisKitProperties.PREFIX, RedisKitProperties.class),
                this.resources);
        EventCodec codec = new EventCodec();
        this.pubSub = new RedisPubSub(this.roles.state(), this.roles.keys(), codec,
                binder.bindOrCreate(PubSubProperties.PREFIX, PubSubProperties.class), new SimpleMeterRegistry());
        this.sessions = new SessionStore(this.roles,
                binder.bindOrCreate(SessionStoreProperties.PREFIX, SessionStoreProperties.class),
                new SessionRevocationPublisher(this.pubSub, this.roles.keys(), codec, "bench"));
    }

    static String nodes(RedisServer server) {
        return server.host() + ":" + server.port();
    }

    KitRedisRoles roles() {
        return this.roles;
    }

    /** Bearer tokens of {@code count} new sessions, one user each. */
    List<String> newSessions(int count) {
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tokens.add(this.sessions
                .create(new NewSession(UUID.randomUUID().toString(), "user", "Bench " + i, "127.0.0.1", "bench"))
                .block()
                .token());
        }
        return tokens;
    }

    @Override
    public void close() {
        this.pubSub.close();
        this.roles.close();
        this.resources.shutdown();
    }

}
