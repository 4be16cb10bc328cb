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

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final Duration timeout;

    private final RedisRole role;

    private final RedisURI uri;

    private final RedisClient client;

    private final StatefulRedisConnection<String, String> connection;

    public PlainRoleClient(RedisRole role, RedisURI uri) {
        this(role, uri, DEFAULT_TIMEOUT);
    }

    public PlainRoleClient(RedisRole role, RedisURI uri, Duration timeout) {
        this.timeout = timeout;
        this.role = role;
        // Test-only: the fixtures hand out a fresh URI per call, so setting it is safe.
        // The handshake uses the URI's timeout: keep it generous on a loaded test
        // machine;
        // commands get the (possibly short) fixed timeout below.
        uri.setTimeout((timeout.compareTo(DEFAULT_TIMEOUT) > 0) ? timeout : DEFAULT_TIMEOUT);
        this.uri = uri;
        this.client = RedisClient.create(this.uri);
        // Fixed like the kit's own role clients, so the tests see the same timeout
        // behaviour.
        this.client.setOptions(
                ClientOptions.builder().timeoutOptions(TimeoutOptions.builder().fixedTimeout(timeout).build()).build());
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
        return Mono.defer(() -> commands.apply(this.connection.reactive())).timeout(this.timeout);
    }

    @Override
    public <T> Flux<T> flux(Function<RedisReactiveCommands<String, String>, Flux<T>> commands) {
        return Flux.defer(() -> commands.apply(this.connection.reactive())).timeout(this.timeout);
    }

    @Override
    public boolean available() {
        return this.connection.isOpen();
    }

    // Merge of kit-core's RedisRoleClient additions: no replicas here, so nothing to wait
    // for.
    @Override
    public <T> Mono<DurableWrite<T>> durably(Function<RedisReactiveCommands<String, String>, Mono<T>> write) {
        return mono(write).map((value) -> new DurableWrite<>(value, 0, 0));
    }

    @Override
    public String breakerState() {
        return "CLOSED";
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
