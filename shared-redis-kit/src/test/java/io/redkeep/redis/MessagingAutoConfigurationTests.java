package io.redkeep.redis;

import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.pubsub.PubSubProperties;
import io.redkeep.redis.pubsub.RedisPubSub;
import io.redkeep.redis.stream.EventStreams;
import io.redkeep.redis.stream.StreamsProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messaging auto-configurations per property state. No command reaches Redis here:
 * the roles point at a closed port and pub/sub connects only on a first subscription.
 */
class MessagingAutoConfigurationTests {

    private static final RedisRoles ROLES = new UnreachableRoles();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(load("io.redkeep.redis.event.EventCodecAutoConfiguration"),
                load("io.redkeep.redis.pubsub.PubSubAutoConfiguration"),
                load("io.redkeep.redis.stream.StreamsAutoConfiguration")));

    @AfterAll
    static void closeRoles() {
        ROLES.state().client().shutdown();
    }

    @Nested
    class WithoutRedisRoles {

        @Test
        void onlyTheCodecIsDefined() {
            MessagingAutoConfigurationTests.this.runner.run((context) -> {
                assertThat(context).hasSingleBean(EventCodec.class);
                assertThat(context).doesNotHaveBean(RedisPubSub.class).doesNotHaveBean(EventStreams.class);
            });
        }

    }

    @Nested
    class WithRedisRoles {

        @Test
        void pubSubAndStreamsUseTheStateRoleByDefault() {
            MessagingAutoConfigurationTests.this.runner.withBean(RedisRoles.class, () -> ROLES).run((context) -> {
                assertThat(context).hasSingleBean(RedisPubSub.class).hasSingleBean(EventStreams.class);
                assertThat(context.getBean(RedisPubSub.class).role()).isEqualTo(RedisRole.STATE);
                assertThat(context.getBean(StreamsProperties.class)).isEqualTo(StreamsProperties.defaults());
            });
        }

        @Test
        void pubSubCanMoveToTheCacheRole() {
            MessagingAutoConfigurationTests.this.runner.withBean(RedisRoles.class, () -> ROLES)
                .withPropertyValues("redkeep.redis.pubsub.role=cache", "redkeep.redis.pubsub.buffer-size=16")
                .run((context) -> {
                    assertThat(context.getBean(RedisPubSub.class).role()).isEqualTo(RedisRole.CACHE);
                    assertThat(context.getBean(PubSubProperties.class).bufferSize()).isEqualTo(16);
                });
        }

        @Test
        void anInvalidProbeSettingFailsTheStart() {
            MessagingAutoConfigurationTests.this.runner.withBean(RedisRoles.class, () -> ROLES)
                .withPropertyValues("redkeep.redis.pubsub.probe-interval=5s")
                .run((context) -> assertThat(context).hasFailed());
        }

        @Test
        void applicationBeansWin() {
            EventCodec own = new EventCodec();
            MessagingAutoConfigurationTests.this.runner.withBean(RedisRoles.class, () -> ROLES)
                .withBean(EventCodec.class, () -> own)
                .run((context) -> assertThat(context.getBean(EventCodec.class)).isSameAs(own));
        }

    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        }
        catch (ClassNotFoundException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Roles on a closed port: enough to build beans, never used for commands. */
    private static final class UnreachableRoles implements RedisRoles {

        private final RedisRoleClient state = new Unreachable(RedisRole.STATE);

        private final RedisRoleClient cache = new Unreachable(RedisRole.CACHE);

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
            return new RedisKeys("tk");
        }

    }

    private static final class Unreachable implements RedisRoleClient {

        private static final RedisClient CLIENT = RedisClient.create();

        private final RedisRole role;

        private Unreachable(RedisRole role) {
            this.role = role;
        }

        @Override
        public RedisRole role() {
            return this.role;
        }

        @Override
        public RedisClient client() {
            return CLIENT;
        }

        @Override
        public RedisURI uri() {
            return RedisURI.create("127.0.0.1", 1);
        }

        @Override
        public <T> Mono<T> mono(Function<RedisReactiveCommands<String, String>, Mono<T>> commands) {
            return Mono.error(new RedisUnavailableException(this.role, "unreachable", null));
        }

        @Override
        public <T> Flux<T> flux(Function<RedisReactiveCommands<String, String>, Flux<T>> commands) {
            return Flux.error(new RedisUnavailableException(this.role, "unreachable", null));
        }

        @Override
        public boolean available() {
            return false;
        }

        // Merge of kit-core's RedisRoleClient additions.
        @Override
        public <T> Mono<DurableWrite<T>> durably(Function<RedisReactiveCommands<String, String>, Mono<T>> write) {
            return Mono.error(new RedisUnavailableException(this.role, "unreachable", null));
        }

        @Override
        public String breakerState() {
            return "OPEN";
        }

    }

}
