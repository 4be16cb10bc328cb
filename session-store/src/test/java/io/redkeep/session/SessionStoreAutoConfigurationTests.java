package io.redkeep.session;

import java.time.Duration;

import io.redkeep.redis.RedisRoles;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which beans the session-store auto-configuration contributes, per property state. No
 * Redis is contacted: the kit connects lazily.
 */
class SessionStoreAutoConfigurationTests {

    static Class<?> kit(String name) {
        try {
            return Class.forName(name);
        }
        catch (ClassNotFoundException ex) {
            throw new IllegalStateException(ex);
        }
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(kit("io.redkeep.redis.RedisKitAutoConfiguration"),
                kit("io.redkeep.redis.event.EventCodecAutoConfiguration"),
                kit("io.redkeep.redis.pubsub.PubSubAutoConfiguration"), SessionStoreAutoConfiguration.class))
        .withPropertyValues("spring.application.name=auto-config-tests");

    @Nested
    class Defaults {

        @Test
        void storePublisherAndFeedAreConfiguredWithSpecLifetimes() {
            SessionStoreAutoConfigurationTests.this.runner.run((context) -> {
                assertThat(context).hasSingleBean(SessionStore.class)
                    .hasSingleBean(SessionRevocationPublisher.class)
                    .hasSingleBean(SessionRevocations.class);
                SessionStoreProperties properties = context.getBean(SessionStoreProperties.class);
                assertThat(properties.idleTimeout()).isEqualTo(Duration.ofHours(24));
                assertThat(properties.absoluteTimeout()).isEqualTo(Duration.ofDays(30));
                assertThat(properties.touchInterval()).isEqualTo(Duration.ofMinutes(1));
            });
        }

        @Test
        void anApplicationStoreReplacesTheDefault() {
            SessionStoreAutoConfigurationTests.this.runner.withUserConfiguration(CustomStore.class)
                .run((context) -> assertThat(context).getBean(SessionStore.class)
                    .isSameAs(context.getBean("customStore")));
        }

    }

    @Nested
    class CustomLifetimes {

        @Test
        void lifetimesBindFromProperties() {
            SessionStoreAutoConfigurationTests.this.runner
                .withPropertyValues("redkeep.session.idle-timeout=30m", "redkeep.session.absolute-timeout=7d",
                        "redkeep.session.touch-interval=10s")
                .run((context) -> {
                    SessionStoreProperties properties = context.getBean(SessionStoreProperties.class);
                    assertThat(properties.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
                    assertThat(properties.absoluteTimeout()).isEqualTo(Duration.ofDays(7));
                    assertThat(properties.touchInterval()).isEqualTo(Duration.ofSeconds(10));
                });
        }

        @Test
        void anIdleTimeoutLongerThanTheAbsoluteOneFailsStartUp() {
            SessionStoreAutoConfigurationTests.this.runner.withPropertyValues("redkeep.session.idle-timeout=40d")
                .run((context) -> assertThat(context).hasFailed());
        }

    }

    @Nested
    class WithoutPubSub {

        @Test
        void noStoreWithoutTheKitsPubSub() {
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(kit("io.redkeep.redis.RedisKitAutoConfiguration"),
                        SessionStoreAutoConfiguration.class))
                .run((context) -> assertThat(context).doesNotHaveBean(SessionStore.class));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class CustomStore {

        @Bean
        SessionStore customStore(RedisRoles redis, SessionRevocationPublisher publisher) {
            return new SessionStore(redis,
                    new SessionStoreProperties(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ZERO), publisher);
        }

    }

}
