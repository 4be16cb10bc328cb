package io.redkeep.gateway.support;

import java.time.Duration;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.redkeep.redis.DurableWrite;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.RedisUnavailableException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Both roles on one Lettuce connection to a test server, with a plain command timeout:
 * enough for the gateway's own deadline and breaker to be what the tests exercise.
 */
public final class TestRedisRoles implements RedisRoles, AutoCloseable {

    private final Client client;

    private final RedisKeys keys = new RedisKeys("tk");

    public TestRedisRoles(RedisURI uri) {
        this.client = new Client(uri);
    }

    @Override
    public RedisRoleClient state() {
        return this.client;
    }

    @Override
    public RedisRoleClient cache() {
        return this.client;
    }

    @Override
    public RedisKeys keys() {
        return this.keys;
    }

    @Override
    public void close() {
        this.client.close();
    }

    private static final class Client implements RedisRoleClient {

        private final RedisURI uri;

        private final RedisClient client;

        private final StatefulRedisConnection<String, String> connection;

        Client(RedisURI uri) {
            this.uri = uri;
            this.client = RedisClient.create(uri);
            this.client.setOptions(
                    ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(10))).build());
            this.connection = this.client.connect();
        }

        @Override
        public RedisRole role() {
            return RedisRole.STATE;
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
            return Mono.defer(() -> commands.apply(this.connection.reactive()))
                .onErrorMap((ex) -> new RedisUnavailableException(RedisRole.STATE, ex.getMessage(), ex));
        }

        @Override
        public <T> Flux<T> flux(Function<RedisReactiveCommands<String, String>, Flux<T>> commands) {
            return Flux.defer(() -> commands.apply(this.connection.reactive()))
                .onErrorMap((ex) -> new RedisUnavailableException(RedisRole.STATE, ex.getMessage(), ex));
        }

        @Override
        public boolean available() {
            return this.connection.isOpen();
        }

        @Override
        public <T> Mono<DurableWrite<T>> durably(Function<RedisReactiveCommands<String, String>, Mono<T>> write) {
            throw new UnsupportedOperationException("the gateway's tests never need durable writes");
        }

        @Override
        public String breakerState() {
            return "CLOSED";
        }

        void close() {
            this.connection.close();
            this.client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }

    }

}
