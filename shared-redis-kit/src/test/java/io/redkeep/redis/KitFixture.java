package io.redkeep.redis;

import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.internal.KitClientResources;
import io.redkeep.redis.internal.KitRedisRoles;
import io.redkeep.testsupport.RedisServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The kit wired by hand for integration tests: properties bound exactly as Spring Boot
 * binds them (defaults included), roles on a fresh {@link ClientResources}.
 */
public final class KitFixture implements AutoCloseable {

    private final ClientResources resources;

    private final KitRedisRoles roles;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final ReactiveCaches caches;

    private KitFixture(Map<String, String> properties) {
        RedisKitProperties bound = new Binder(new MapConfigurationPropertySource(properties))
            .bindOrCreate(RedisKitProperties.PREFIX, RedisKitProperties.class);
        this.resources = KitClientResources.create(this.registry);
        this.roles = new KitRedisRoles(bound, this.resources);
        this.caches = new ReactiveCaches(this.roles, new JsonMapper(), this.registry);
    }

    /** Both roles on {@code server}, with {@code extra} properties (without prefix). */
    public static KitFixture on(RedisServer server, String... extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String role : new String[] { "state", "cache" }) {
            properties.put(RedisKitProperties.PREFIX + "." + role + ".nodes", server.host() + ":" + server.port());
            if (server.password() != null) {
                properties.put(RedisKitProperties.PREFIX + "." + role + ".password", server.password());
            }
        }
        return with(properties, extra);
    }

    /**
     * The kit with exactly {@code base} plus {@code extra} properties (without prefix).
     */
    public static KitFixture with(Map<String, String> base, String... extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        // The first connection of a JVM (class loading, BlockHound instrumentation) can
        // take
        // seconds on a loaded build machine; tests exercise timeouts explicitly where
        // needed.
        properties.put(RedisKitProperties.PREFIX + ".state.connect-timeout", "10s");
        properties.put(RedisKitProperties.PREFIX + ".cache.connect-timeout", "10s");
        properties.putAll(base);
        for (String property : extra) {
            int equals = property.indexOf('=');
            properties.put(RedisKitProperties.PREFIX + "." + property.substring(0, equals),
                    property.substring(equals + 1));
        }
        return new KitFixture(properties);
    }

    public RedisRoles roles() {
        return this.roles;
    }

    public ReactiveCaches caches() {
        return this.caches;
    }

    public SimpleMeterRegistry registry() {
        return this.registry;
    }

    @Override
    public void close() {
        this.roles.close();
        this.resources.shutdown();
    }

}
