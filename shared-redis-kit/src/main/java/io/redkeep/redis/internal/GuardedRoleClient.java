package io.redkeep.redis.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.redkeep.redis.DurableWrite;
import io.redkeep.redis.RedisKitProperties;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.RedisRoleClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link RedisRoleClient} over one shared master connection: every call goes through the
 * role's circuit breaker, runs with Lettuce's per-command deadline, and is retried once
 * when the failure proves the command never ran (a demoted master's READONLY, or a
 * rejection while disconnected), after re-resolving the master.
 */
public final class GuardedRoleClient implements RedisRoleClient, AutoCloseable {

    private static final Duration REJECTED_RETRY_DELAY = Duration.ofMillis(100);

    private final RedisRole role;

    private final RedisClient client;

    private final RedisURI uri;

    private final CircuitBreaker breaker;

    private final MasterConnection connection;

    private final SentinelSwitchWatch sentinelWatch;

    private final long durableTimeoutMillis;

    @SuppressWarnings("rawtypes")
    private final UnaryOperator breakerOperator;

    GuardedRoleClient(RedisRole role, RedisKitProperties.Role properties, RedisClient client, CircuitBreaker breaker) {
        this.role = role;
        this.client = client;
        this.uri = RoleUris.of(properties);
        this.breaker = breaker;
        this.breakerOperator = CircuitBreakerOperator.of(breaker);
        // WAIT runs under the command deadline: keep it well inside so a slow replica is
        // reported as unacknowledged rather than failing the write as a timeout.
        this.durableTimeoutMillis = Math.max(1,
                Math.min(properties.durableTimeout().toMillis(), properties.commandTimeout().toMillis() / 2));
        boolean sentinel = properties.mode() == RedisKitProperties.Mode.SENTINEL;
        this.connection = new MasterConnection(client, this.uri, sentinel, properties.commandTimeout());
        List<RedisURI> sentinels = RoleUris.sentinels(properties);
        this.sentinelWatch = sentinel
                ? new SentinelSwitchWatch(client, sentinels, properties.master(), this.connection::masterSwitched)
                : null;
    }

    @Override
    public RedisRole role() {
        return this.role;
    }

    @Override
    public RedisClient client() {
        return this.client;
    }

    @Override
    public RedisURI uri() {
        return this.uri;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Mono<T> mono(Function<RedisReactiveCommands<String, String>, Mono<T>> commands) {
        Mono<T> guarded = (Mono<T>) this.breakerOperator.apply(Mono.defer(() -> attemptMono(commands, true)));
        return guarded.onErrorMap(this::translate);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Flux<T> flux(Function<RedisReactiveCommands<String, String>, Flux<T>> commands) {
        Flux<T> guarded = (Flux<T>) this.breakerOperator.apply(Flux.defer(() -> attemptFlux(commands, true)));
        return guarded.onErrorMap(this::translate);
    }

    @Override
    public <T> Mono<DurableWrite<T>> durably(Function<RedisReactiveCommands<String, String>, Mono<T>> write) {
        return mono(
                (commands) -> write.apply(commands)
                    .flatMap((value) -> connectedReplicas(commands).flatMap((replicas) -> (replicas == 0)
                            ? Mono.just(new DurableWrite<>(value, 0, 0))
                            : commands.waitForReplication(1, this.durableTimeoutMillis)
                                .map((acknowledged) -> new DurableWrite<>(value, replicas, acknowledged.intValue())))));
    }

    @Override
    public boolean available() {
        CircuitBreaker.State state = this.breaker.getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    @Override
    public String breakerState() {
        return this.breaker.getState().name();
    }

    CircuitBreaker breaker() {
        return this.breaker;
    }

    private <T> Mono<T> attemptMono(Function<RedisReactiveCommands<String, String>, Mono<T>> commands,
            boolean mayRetry) {
        StatefulRedisConnection<String, String> ready = this.connection.ready();
        if (ready != null) {
            return runMono(ready, commands, mayRetry);
        }
        return this.connection.connection().flatMap((established) -> runMono(established, commands, mayRetry));
    }

    private <T> Mono<T> runMono(StatefulRedisConnection<String, String> on,
            Function<RedisReactiveCommands<String, String>, Mono<T>> commands, boolean mayRetry) {
        Mono<T> call = commands.apply(on.reactive());
        if (!mayRetry) {
            return call;
        }
        return call.onErrorResume(FailoverErrors::neverExecuted,
                (ex) -> recover(on, ex).then(Mono.defer(() -> attemptMono(commands, false))));
    }

    private <T> Flux<T> attemptFlux(Function<RedisReactiveCommands<String, String>, Flux<T>> commands,
            boolean mayRetry) {
        StatefulRedisConnection<String, String> ready = this.connection.ready();
        if (ready != null) {
            return runFlux(ready, commands, mayRetry);
        }
        return this.connection.connection().flatMapMany((established) -> runFlux(established, commands, mayRetry));
    }

    private <T> Flux<T> runFlux(StatefulRedisConnection<String, String> on,
            Function<RedisReactiveCommands<String, String>, Flux<T>> commands, boolean mayRetry) {
        Flux<T> call = commands.apply(on.reactive());
        if (!mayRetry) {
            return call;
        }
        return call.onErrorResume(FailoverErrors::neverExecuted,
                (ex) -> recover(on, ex).thenMany(Flux.defer(() -> attemptFlux(commands, false))));
    }

    private Mono<Void> recover(StatefulRedisConnection<String, String> failed, Throwable ex) {
        if (FailoverErrors.isReadOnly(ex)) {
            this.connection.demoted(failed);
            return Mono.empty();
        }
        // Rejected while Lettuce reconnects: give the reconnect a moment before the
        // retry.
        return Mono.delay(REJECTED_RETRY_DELAY).then();
    }

    private static Mono<Integer> connectedReplicas(RedisReactiveCommands<String, String> commands) {
        return commands.role().collectList().map((reply) -> {
            if (reply.size() < 3 || !"master".equals(String.valueOf(reply.get(0)))
                    || !(reply.get(2) instanceof List<?> replicas)) {
                return 0;
            }
            return replicas.size();
        });
    }

    private Throwable translate(Throwable ex) {
        return FailoverErrors.translate(this.role, ex);
    }

    @Override
    public void close() {
        if (this.sentinelWatch != null) {
            this.sentinelWatch.close();
        }
        this.connection.close();
        this.client.shutdownAsync(0, 2, TimeUnit.SECONDS);
    }

}
