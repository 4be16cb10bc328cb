package io.redkeep.redis.pubsub;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.event.EventCodec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link RedisPubSub} on the role named by {@code redkeep.redis.pubsub.role} (default
 * {@code state}). The connection opens on the first subscription, not at start-up.
 */
@AutoConfiguration(afterName = { "io.redkeep.redis.RedisKitAutoConfiguration",
        "io.redkeep.redis.event.EventCodecAutoConfiguration" })
@ConditionalOnBean(RedisRoles.class)
@EnableConfigurationProperties(PubSubProperties.class)
class PubSubAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RedisPubSub redkeepRedisPubSub(RedisRoles roles, EventCodec codec, PubSubProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry) {
        return new RedisPubSub(roles.role(properties.role()), roles.keys(), codec, properties,
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

}
