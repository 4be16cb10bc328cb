package io.redkeep.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.RedisRoles;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Distributed rate limiting on the {@code state} Redis role, enabled unless
 * {@code redkeep.gateway.rate-limits.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = RateLimitProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RateLimitPolicies rateLimitPolicies(RateLimitProperties properties, Environment environment) {
        return new RateLimitPolicies(properties.policies(), environment);
    }

    @Bean
    @ConditionalOnMissingBean
    DistributedRateLimiter distributedRateLimiter(RateLimitProperties properties, RedisRoles redis,
            ObjectProvider<MeterRegistry> meters) {
        return DistributedRateLimiter.create(properties, redis.state(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimitWebFilter rateLimitWebFilter(RateLimitPolicies policies, DistributedRateLimiter limiter, RedisRoles redis,
            RateLimitProperties properties) {
        return new RateLimitWebFilter(policies, limiter, redis.keys(), properties.apiKeyHeader());
    }

}
