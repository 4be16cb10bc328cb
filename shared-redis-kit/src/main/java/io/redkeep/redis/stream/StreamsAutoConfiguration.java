package io.redkeep.redis.stream;

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
 * {@link EventStreams} on the {@code state} role. Closing the context stops every
 * consumer gracefully: in-flight handlers finish and acknowledge first.
 */
@AutoConfiguration(afterName = { "io.redkeep.redis.RedisKitAutoConfiguration",
        "io.redkeep.redis.event.EventCodecAutoConfiguration" })
@ConditionalOnBean(RedisRoles.class)
@EnableConfigurationProperties(StreamsProperties.class)
class StreamsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    EventStreams redkeepEventStreams(RedisRoles roles, EventCodec codec, StreamsProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry) {
        return new EventStreams(roles.state(), roles.keys(), codec, properties,
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

}
