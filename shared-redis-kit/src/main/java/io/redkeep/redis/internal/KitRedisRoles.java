package io.redkeep.redis.internal;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisKitProperties;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.RedisRoles;

/**
 * Builds both roles from {@link RedisKitProperties} on one shared
 * {@link ClientResources}: a Lettuce client per role with bounded queues, fail-fast
 * rejection while disconnected, per-command deadlines and no replay of non-idempotent
 * commands, and a resilience4j circuit breaker per role (named {@code redis-state},
 * {@code redis-cache}).
 */
public final class KitRedisRoles implements RedisRoles, AutoCloseable {

    private final RedisKeys keys;

    private final CircuitBreakerRegistry breakers;

    private final GuardedRoleClient state;

    private final GuardedRoleClient cache;

    public KitRedisRoles(RedisKitProperties properties, ClientResources resources) {
        this.keys = new RedisKeys(properties.keyPrefix());
        this.breakers = CircuitBreakerRegistry.ofDefaults();
        this.state = create(RedisRole.STATE, properties.state(), resources);
        this.cache = create(RedisRole.CACHE, properties.cache(), resources);
    }

    private GuardedRoleClient create(RedisRole role, RedisKitProperties.Role properties, ClientResources resources) {
        RedisClient client = RedisClient.create(resources);
        client.setOptions(clientOptions(properties));
        CircuitBreaker breaker = this.breakers.circuitBreaker(breakerName(role), breakerConfig(properties.breaker()));
        return new GuardedRoleClient(role, properties, client, breaker);
    }

    public static String breakerName(RedisRole role) {
        return "redis-" + role.name().toLowerCase(Locale.ROOT);
    }

    static ClientOptions clientOptions(RedisKitProperties.Role properties) {
        return ClientOptions.builder()
            .autoReconnect(true)
            // Callers fail fast (and the breaker counts it) instead of piling up in a
            // buffer.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .requestQueueSize(properties.requestQueueSize())
            .replayFilter(new NonIdempotentReplayFilter())
            .socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).keepAlive(true).build())
            .timeoutOptions(TimeoutOptions.builder().fixedTimeout(properties.commandTimeout()).build())
            .build();
    }

    static CircuitBreakerConfig breakerConfig(RedisKitProperties.Breaker breaker) {
        return CircuitBreakerConfig.custom()
            .failureRateThreshold(breaker.failureRateThreshold())
            .slowCallDurationThreshold(breaker.slowCallDuration())
            .slowCallRateThreshold(breaker.slowCallRateThreshold())
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(breaker.slidingWindowSize())
            .minimumNumberOfCalls(breaker.minimumCalls())
            .waitDurationInOpenState(breaker.waitInOpen())
            .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
            // available() must turn true again without a call having to try first.
            .automaticTransitionFromOpenToHalfOpenEnabled(true)
            .recordException(FailoverErrors::isInfrastructure)
            .build();
    }

    @Override
    public RedisRoleClient state() {
        return this.state;
    }

    @Override
    public RedisRoleClient cache() {
        return this.cache;
    }

    @Override
    public RedisKeys keys() {
        return this.keys;
    }

    /** The breakers of both roles, for metrics binding. */
    public CircuitBreakerRegistry breakers() {
        return this.breakers;
    }

    @Override
    public void close() {
        this.state.close();
        this.cache.close();
    }

}
