package io.redkeep.redis;

import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One Redis role as the kit exposes it: guarded command execution (deadline, circuit
 * breaker, failover handling) plus the Lettuce client and URI for components that need
 * their own connections (pub/sub).
 */
public interface RedisRoleClient {

    RedisRole role();

    /** The Lettuce client, built on the kit's shared {@code ClientResources}. */
    RedisClient client();

    /**
     * Where the role lives: a standalone URI, or a Sentinel URI carrying the master name.
     * Pass it to {@link #client()} to open a dedicated connection (for example
     * {@code connectPubSub}).
     */
    RedisURI uri();

    /**
     * Runs commands against the role's master with the role's deadline and circuit
     * breaker. Lazy: nothing is sent until subscription. Fails fast with
     * {@link RedisUnavailableException} when the breaker is open or the deadline passes.
     */
    <T> Mono<T> mono(Function<RedisReactiveCommands<String, String>, Mono<T>> commands);

    /** As {@link #mono(Function)} for multi-valued replies. */
    <T> Flux<T> flux(Function<RedisReactiveCommands<String, String>, Flux<T>> commands);

    /** Whether the role's circuit breaker currently lets calls through. */
    boolean available();

    /**
     * Runs a write, then, when the master has replicas, {@code WAIT 1 <durable-timeout>}
     * so the write survives a failover. Never fails because no replica answered: the
     * result says how many did ({@link DurableWrite#unreplicated()}).
     */
    <T> Mono<DurableWrite<T>> durably(Function<RedisReactiveCommands<String, String>, Mono<T>> write);

    /**
     * The circuit breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ...)
     * for health and diagnostics.
     */
    String breakerState();

}
