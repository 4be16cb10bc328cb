package io.redkeep.redis;

import java.util.Map;

import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.pubsub.PubSubProperties;
import io.redkeep.redis.pubsub.RedisPubSub;
import io.redkeep.redis.stream.EventStreams;
import io.redkeep.redis.stream.StreamsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messaging auto-configurations per property state. No command reaches Redis here:
 * the roles point at a closed port and pub/sub connects only on a first subscription.
 */
class MessagingAutoConfigurationTests {

    /**
     * The kit's real roles on a closed port: enough to build beans, never connected. A
     * context closes them with itself; closing twice is harmless.
     */
    private final KitFixture kit = KitFixture.with(Map.of(RedisKitProperties.PREFIX + ".state.nodes", "127.0.0.1:1",
            RedisKitProperties.PREFIX + ".cache.nodes", "127.0.0.1:1"));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(load("io.redkeep.redis.event.EventCodecAutoConfiguration"),
                load("io.redkeep.redis.pubsub.PubSubAutoConfiguration"),
                load("io.redkeep.redis.stream.StreamsAutoConfiguration")));

    @AfterEach
    void closeRoles() {
        this.kit.close();
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
            MessagingAutoConfigurationTests.this.runner
                .withBean(RedisRoles.class, MessagingAutoConfigurationTests.this.kit::roles)
                .run((context) -> {
                    assertThat(context).hasSingleBean(RedisPubSub.class).hasSingleBean(EventStreams.class);
                    assertThat(context.getBean(RedisPubSub.class).role()).isEqualTo(RedisRole.STATE);
                    assertThat(context.getBean(StreamsProperties.class)).isEqualTo(StreamsProperties.defaults());
                });
        }

        @Test
        void pubSubCanMoveToTheCacheRole() {
            MessagingAutoConfigurationTests.this.runner
                .withBean(RedisRoles.class, MessagingAutoConfigurationTests.this.kit::roles)
                .withPropertyValues("redkeep.redis.pubsub.role=cache", "redkeep.redis.pubsub.buffer-size=16")
                .run((context) -> {
                    assertThat(context.getBean(RedisPubSub.class).role()).isEqualTo(RedisRole.CACHE);
                    assertThat(context.getBean(PubSubProperties.class).bufferSize()).isEqualTo(16);
                });
        }

        @Test
        void anInvalidProbeSettingFailsTheStart() {
            MessagingAutoConfigurationTests.this.runner
                .withBean(RedisRoles.class, MessagingAutoConfigurationTests.this.kit::roles)
                .withPropertyValues("redkeep.redis.pubsub.probe-interval=5s")
                .run((context) -> assertThat(context).hasFailed());
        }

        @Test
        void applicationBeansWin() {
            EventCodec own = new EventCodec();
            MessagingAutoConfigurationTests.this.runner
                .withBean(RedisRoles.class, MessagingAutoConfigurationTests.this.kit::roles)
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

}
