package io.redkeep.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.internal.KitClientResources;
import io.redkeep.redis.internal.KitRedisRoles;
import io.redkeep.testsupport.RedisSentinelGroup;
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

    private RedisClient rawClient;

    private StatefulRedisConnection<String, String> rawConnection;

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
     * Both roles on the master of {@code group}, found through all of its sentinels, with
     * the group's passwords and {@code extra} properties (without prefix).
     */
    public static KitFixture onSentinels(RedisSentinelGroup group, String... extra) {
        String sentinels = group.sentinels()
            .stream()
            .map((node) -> node.host() + ":" + node.port())
            .collect(Collectors.joining(","));
        // The group's URI is the one place that carries its passwords.
        RedisURI uri = group.sentinelUri();
        Map<String, String> properties = new LinkedHashMap<>();
        for (String role : new String[] { "state", "cache" }) {
            String prefix = RedisKitProperties.PREFIX + "." + role + ".";
            properties.put(prefix + "mode", "sentinel");
            properties.put(prefix + "nodes", sentinels);
            properties.put(prefix + "master", group.masterName());
            if (uri.getPassword() != null) {
                properties.put(prefix + "password", new String(uri.getPassword()));
            }
            char[] sentinelPassword = uri.getSentinels().get(0).getPassword();
            if (sentinelPassword != null) {
                properties.put(prefix + "sentinel-password", new String(sentinelPassword));
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

    /**
     * Synchronous commands for test set-up and assertions, on a connection of their own
     * to the state role's server (the master in Sentinel mode) with a generous timeout,
     * so they neither share nor disturb the kit's connections.
     */
    public synchronized RedisCommands<String, String> sync() {
        if (this.rawConnection == null) {
            RedisURI uri = RedisURI.builder(this.roles.state().uri()).withTimeout(Duration.ofSeconds(10)).build();
            this.rawClient = RedisClient.create(this.resources, uri);
            this.rawConnection = this.rawClient.connect();
        }
        return this.rawConnection.sync();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (this.rawConnection != null) {
                this.rawConnection.close();
                this.rawClient.shutdown();
            }
        }
        this.roles.close();
        this.resources.shutdown();
    }

}
