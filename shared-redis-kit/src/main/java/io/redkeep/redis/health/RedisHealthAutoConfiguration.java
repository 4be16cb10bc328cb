package io.redkeep.redis.health;

import java.util.Set;
import java.util.stream.Collectors;

import io.redkeep.redis.RedisKitProperties;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.internal.RoleUris;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health per Redis role ({@code redisState}, {@code redisCache}) and their place in the
 * readiness group.
 */
@AutoConfiguration(afterName = { "io.redkeep.redis.RedisKitAutoConfiguration",
        "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration" })
@ConditionalOnClass(ReactiveHealthIndicator.class)
@ConditionalOnBean(RedisRoles.class)
@ConditionalOnEnabledHealthIndicator("redis")
class RedisHealthAutoConfiguration {

    static final String STATE_CONTRIBUTOR = "redisState";

    static final String CACHE_CONTRIBUTOR = "redisCache";

    @Bean
    @ConditionalOnMissingBean(name = "redisStateHealthIndicator")
    ReactiveHealthIndicator redisStateHealthIndicator(RedisRoles roles, RedisKitProperties properties) {
        return indicator(roles, properties, RedisRole.STATE);
    }

    @Bean
    @ConditionalOnMissingBean(name = "redisCacheHealthIndicator")
    ReactiveHealthIndicator redisCacheHealthIndicator(RedisRoles roles, RedisKitProperties properties) {
        return indicator(roles, properties, RedisRole.CACHE);
    }

    private static RedisRoleHealthIndicator indicator(RedisRoles roles, RedisKitProperties properties, RedisRole role) {
        RedisKitProperties.Role settings = properties.role(role);
        return new RedisRoleHealthIndicator(roles.role(role), RoleUris.sentinels(settings), settings.master(),
                settings.commandTimeout().multipliedBy(2));
    }

    static String contributorName(RedisRole role) {
        return (role == RedisRole.STATE) ? STATE_CONTRIBUTOR : CACHE_CONTRIBUTOR;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
    static class ReadinessConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "redisReadinessGroups")
        HealthEndpointGroupsPostProcessor redisReadinessGroups(RedisKitProperties properties) {
            Set<String> contributors = properties.readinessRoles()
                .stream()
                .map(RedisHealthAutoConfiguration::contributorName)
                .collect(Collectors.toUnmodifiableSet());
            return new RedisReadinessGroups(contributors);
        }

    }

}
