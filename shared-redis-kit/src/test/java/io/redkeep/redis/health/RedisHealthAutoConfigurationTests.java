package io.redkeep.redis.health;

import io.redkeep.redis.RedisKitAutoConfigurationAccess;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class RedisHealthAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(RedisKitAutoConfigurationAccess.type(), RedisHealthAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
                        ApplicationAvailabilityAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
        .withPropertyValues("management.endpoint.health.probes.enabled=true");

    @Test
    void oneIndicatorPerRole() {
        this.runner.run((context) -> assertThat(context).getBeans(ReactiveHealthIndicator.class)
            .containsKeys("redisStateHealthIndicator", "redisCacheHealthIndicator"));
    }

    @Test
    void canBeSwitchedOff() {
        this.runner.withPropertyValues("management.health.redis.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean("redisStateHealthIndicator"));
    }

    @Nested
    class Readiness {

        @Test
        void stateRoleByDefault() {
            runner.run((context) -> {
                HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
                assertThat(groups.get("readiness").isMember("redisState")).isTrue();
                assertThat(groups.get("readiness").isMember("redisCache")).isFalse();
                assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
                assertThat(groups.get("liveness").isMember("redisState")).isFalse();
            });
        }

        @Test
        void rolesAreChosenPerService() {
            runner.withPropertyValues("redkeep.redis.readiness-roles=state,cache").run((context) -> {
                HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
                assertThat(groups.get("readiness").isMember("redisState")).isTrue();
                assertThat(groups.get("readiness").isMember("redisCache")).isTrue();
            });
        }

        @Test
        void noRoles() {
            runner.withPropertyValues("redkeep.redis.readiness-roles=").run((context) -> {
                HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
                assertThat(groups.get("readiness").isMember("redisState")).isFalse();
            });
        }

    }

}
