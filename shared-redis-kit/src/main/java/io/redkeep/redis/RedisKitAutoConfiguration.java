package io.redkeep.redis;

import io.github.resilience4j.micrometer.tagged.CircuitBreakerMetricNames;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.internal.KitClientResources;
import io.redkeep.redis.internal.KitRedisRoles;
import io.redkeep.redis.script.RedisScripts;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * The kit's beans: one shared Lettuce {@link ClientResources}, both {@link RedisRoles},
 * the script registry and the cache factory. Every bean can be replaced by declaring one
 * of the same type.
 */
@AutoConfiguration
@ConditionalOnClass(RedisClient.class)
@EnableConfigurationProperties(RedisKitProperties.class)
class RedisKitAutoConfiguration {

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    ClientResources redkeepRedisClientResources(ObjectProvider<MeterRegistry> meterRegistry) {
        return KitClientResources.create(meterRegistry.getIfAvailable());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RedisRoles redkeepRedisRoles(RedisKitProperties properties, ClientResources clientResources) {
        return new KitRedisRoles(properties, clientResources);
    }

    @Bean
    @ConditionalOnMissingBean
    RedisScripts redkeepRedisScripts(ResourceLoader resourceLoader) {
        return new RedisScripts(resourceLoader.getClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveCaches redkeepReactiveCaches(RedisRoles roles, ObjectProvider<ObjectMapper> objectMapper,
            ObjectProvider<MeterRegistry> meterRegistry) {
        return new ReactiveCaches(roles, objectMapper.getIfAvailable(JsonMapper::new),
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ MeterRegistry.class, TaggedCircuitBreakerMetrics.class })
    static class BreakerMetricsConfiguration {

        /**
         * Breaker state as {@code redkeep_redis_breaker_*} (tag
         * {@code name=redis-state}).
         */
        @Bean
        @ConditionalOnMissingBean(name = "redkeepRedisBreakerMetrics")
        MeterBinder redkeepRedisBreakerMetrics(RedisRoles roles) {
            return (registry) -> {
                if (roles instanceof KitRedisRoles kitRoles) {
                    CircuitBreakerMetricNames names = CircuitBreakerMetricNames.custom()
                        .callsMetricName("redkeep.redis.breaker.calls")
                        .notPermittedCallsMetricName("redkeep.redis.breaker.not.permitted.calls")
                        .stateMetricName("redkeep.redis.breaker.state")
                        .bufferedCallsMetricName("redkeep.redis.breaker.buffered.calls")
                        .slowCallsMetricName("redkeep.redis.breaker.slow.calls")
                        .failureRateMetricName("redkeep.redis.breaker.failure.rate")
                        .slowCallRateMetricName("redkeep.redis.breaker.slow.call.rate")
                        .build();
                    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(names, kitRoles.breakers()).bindTo(registry);
                }
            };
        }

    }

}
