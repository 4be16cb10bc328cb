package io.redkeep.redis;

import java.time.Duration;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.script.RedisScripts;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's auto-configuration per property state. Nothing here connects: roles connect
 * on first use, so a context starts while Redis is unreachable.
 */
class RedisKitAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RedisKitAutoConfiguration.class));

    @Nested
    class Standalone {

        @Test
        void defaultsPointBothRolesAtOneLocalServer() {
            runner.run((context) -> {
                assertThat(context).hasSingleBean(RedisRoles.class)
                    .hasSingleBean(ClientResources.class)
                    .hasSingleBean(RedisScripts.class)
                    .hasSingleBean(ReactiveCaches.class);
                RedisRoles roles = context.getBean(RedisRoles.class);
                RedisURI state = roles.state().uri();
                assertThat(state.getHost()).isEqualTo("127.0.0.1");
                assertThat(state.getPort()).isEqualTo(6379);
                assertThat(state.getSentinels()).isEmpty();
                assertThat(state.getTimeout()).isEqualTo(Duration.ofSeconds(2));
                assertThat(roles.cache().uri()).isEqualTo(state);
                assertThat(roles.keys().prefix()).isEqualTo("tk");
                assertThat(roles.state().role()).isEqualTo(RedisRole.STATE);
                assertThat(roles.cache().role()).isEqualTo(RedisRole.CACHE);
                assertThat(roles.state().client()).isNotSameAs(roles.cache().client());
                assertThat(roles.state().available()).isTrue();
                assertThat(roles.state().breakerState()).isEqualTo("CLOSED");
                RedisKitProperties properties = context.getBean(RedisKitProperties.class);
                assertThat(properties.readinessRoles()).containsExactly(RedisRole.STATE);
            });
        }

        @Test
        void rolesCanPointAtDifferentServers() {
            runner
                .withPropertyValues("redkeep.redis.key-prefix=rk", "redkeep.redis.state.nodes=10.0.0.1:6380",
                        "redkeep.redis.cache.nodes=10.0.0.2:6381", "redkeep.redis.cache.database=3",
                        "redkeep.redis.cache.command-timeout=250ms")
                .run((context) -> {
                    RedisRoles roles = context.getBean(RedisRoles.class);
                    assertThat(roles.state().uri().getHost()).isEqualTo("10.0.0.1");
                    assertThat(roles.state().uri().getPort()).isEqualTo(6380);
                    assertThat(roles.cache().uri().getHost()).isEqualTo("10.0.0.2");
                    assertThat(roles.cache().uri().getDatabase()).isEqualTo(3);
                    assertThat(roles.cache().uri().getTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(roles.keys().key("session").part("x").build()).isEqualTo("rk:session:x");
                });
        }

        @Test
        void anApplicationsOwnRolesReplaceTheKits() {
            runner.withBean("custom", RedisRoles.class, () -> new RedisRoles() {
                @Override
                public RedisRoleClient state() {
                    return null;
                }

                @Override
                public RedisRoleClient cache() {
                    return null;
                }

                @Override
                public RedisKeys keys() {
                    return new RedisKeys("x");
                }
            }).run((context) -> assertThat(context).getBean(RedisRoles.class).isSameAs(context.getBean("custom")));
        }

        @Test
        void commandLatencyIsRecordedWhenAMeterRegistryExists() {
            runner.withBean(SimpleMeterRegistry.class).run((context) -> {
                ClientResources resources = context.getBean(ClientResources.class);
                assertThat(resources.commandLatencyRecorder().isEnabled()).isTrue();
                assertThat(resources.commandLatencyRecorder().getClass().getSimpleName())
                    .isEqualTo("CommandLatencyTimers");
            });
        }

    }

    @Nested
    class Sentinel {

        @Test
        void sentinelRoleCarriesMasterNameAndEverySentinel() {
            runner
                .withPropertyValues("redkeep.redis.state.mode=sentinel",
                        "redkeep.redis.state.nodes=10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379",
                        "redkeep.redis.state.master=redkeep", "redkeep.redis.state.sentinel-password=s3cret",
                        "redkeep.redis.state.password=p4ss")
                .run((context) -> {
                    RedisURI uri = context.getBean(RedisRoles.class).state().uri();
                    assertThat(uri.getSentinelMasterId()).isEqualTo("redkeep");
                    assertThat(uri.getSentinels()).extracting(RedisURI::getHost)
                        .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
                    assertThat(uri.getSentinels())
                        .allSatisfy((sentinel) -> assertThat(new String(sentinel.getPassword())).isEqualTo("s3cret"));
                    assertThat(new String(uri.getPassword())).isEqualTo("p4ss");
                    // The cache role stays standalone unless configured.
                    assertThat(context.getBean(RedisRoles.class).cache().uri().getSentinels()).isEmpty();
                });
        }

        @Test
        void sentinelWithoutMasterNameFailsAtStartup() {
            runner.withPropertyValues("redkeep.redis.state.mode=sentinel", "redkeep.redis.state.nodes=10.0.0.1:26379")
                .run((context) -> assertThat(context).hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("sentinel mode needs a master name"));
        }

    }

    @Nested
    class Tls {

        @Test
        void tlsWithPeerVerificationByDefault() {
            runner.withPropertyValues("redkeep.redis.cache.ssl.enabled=true").run((context) -> {
                RedisRoles roles = context.getBean(RedisRoles.class);
                assertThat(roles.cache().uri().isSsl()).isTrue();
                assertThat(roles.cache().uri().getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
                assertThat(roles.state().uri().isSsl()).isFalse();
            });
        }

        @Test
        void peerVerificationCanBeTurnedOff() {
            runner
                .withPropertyValues("redkeep.redis.state.ssl.enabled=true", "redkeep.redis.state.ssl.verify-peer=false")
                .run((context) -> assertThat(context.getBean(RedisRoles.class).state().uri().getVerifyMode())
                    .isEqualTo(SslVerifyMode.NONE));
        }

    }

    @Nested
    class Acl {

        @Test
        void usernameAndPasswordGoIntoTheUri() {
            runner.withPropertyValues("redkeep.redis.state.username=svc", "redkeep.redis.state.password=pw")
                .run((context) -> {
                    RedisURI uri = context.getBean(RedisRoles.class).state().uri();
                    assertThat(uri.getUsername()).isEqualTo("svc");
                    assertThat(new String(uri.getPassword())).isEqualTo("pw");
                });
        }

        @Test
        void aPasswordAloneAuthenticatesAsTheDefaultUser() {
            runner.withPropertyValues("redkeep.redis.state.password=pw").run((context) -> {
                RedisURI uri = context.getBean(RedisRoles.class).state().uri();
                assertThat(uri.getUsername()).isEqualTo("default");
                assertThat(new String(uri.getPassword())).isEqualTo("pw");
            });
        }

        @Test
        void aUsernameWithoutPasswordIsRejected() {
            runner.withPropertyValues("redkeep.redis.state.username=svc")
                .run((context) -> assertThat(context).hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("a username needs a password"));
        }

    }

    @Nested
    class MissingOrInvalidValues {

        @Test
        void emptyNodeListIsRejected() {
            assertStartupFails("redkeep.redis.state.nodes=", "standalone mode needs exactly one node");
        }

        @Test
        void nodeWithoutPortIsRejected() {
            assertStartupFails("redkeep.redis.cache.nodes=redis.internal", "nodes[0]");
        }

        @Test
        void negativeCommandTimeoutIsRejected() {
            assertStartupFails("redkeep.redis.state.command-timeout=-1s", "timeouts must be positive");
        }

        @Test
        void databaseOutOfRangeIsRejected() {
            assertStartupFails("redkeep.redis.state.database=16", "database");
        }

        @Test
        void unknownModeIsRejected() {
            runner.withPropertyValues("redkeep.redis.state.mode=cluster")
                .run((context) -> assertThat(context).hasFailed()
                    .getFailure()
                    .hasRootCauseInstanceOf(IllegalArgumentException.class)
                    .hasStackTraceContaining(ConfigurationPropertiesBindException.class.getSimpleName())
                    .hasStackTraceContaining("cluster"));
        }

        @Test
        void unknownReadFromIsRejected() {
            assertStartupFails("redkeep.redis.state.read-from=somewhere", "readFrom");
        }

        @Test
        void invalidKeyPrefixIsRejected() {
            assertStartupFails("redkeep.redis.key-prefix=Bad Prefix", "keyPrefix");
        }

        private void assertStartupFails(String property, String message) {
            runner.withPropertyValues(property).run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
            });
        }

    }

}
