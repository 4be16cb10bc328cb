package io.redkeep.redis;

import java.time.Duration;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A test-only {@link RedisRoleClient} on plain Lettuce (one auto-reconnecting connection,
 * a deadline, no breaker), so the messaging tests need nothing but the role contract.
 */
public final class PlainRoleClient implements RedisRoleClient, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final RedisRole role;

    private final RedisURI uri;

    private final RedisClient client;

    private final StatefulRedisConnection<String, String> connection;

    public PlainRoleClient(RedisRole role, RedisURI uri) {
        this.role = role;
        // Test-only: the fixtures hand out a fresh URI per call, so setting it is safe.
        uri.setTimeout(TIMEOUT);
        this.uri = uri;
        this.client = RedisClient.create(this.uri);
        this.client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).build());
        this.connection = this.client.connect();
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
    public <T> Mono<T> mono(Function<RedisReactiveCommands<String, String>, Mono<T>> commands) {
        return Mono.defer(() -> commands.apply(this.connection.reactive())).timeout(TIMEOUT);
    }

    @Override
    public <T> Flux<T> flux(Function<RedisReactiveCommands<String, String>, Flux<T>> commands) {
        return Flux.defer(() -> commands.apply(this.connection.reactive())).timeout(TIMEOUT);
    }

    @Override
    public boolean available() {
        return this.connection.isOpen();
    }

    /** Synchronous commands for test set-up and assertions. */
    public io.lettuce.core.api.sync.RedisCommands<String, String> sync() {
        return this.connection.sync();
    }

    @Override
    public void close() {
        this.connection.close();
        this.client.shutdown();
    }

}
