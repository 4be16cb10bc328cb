package io.redkeep.redis.event;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link EventCodec} shared by pub/sub, streams and services, built on the
 * application's {@link JsonMapper} when there is one.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
class EventCodecAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventCodec redkeepEventCodec(ObjectProvider<JsonMapper> jsonMapper) {
        return new EventCodec(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
    }

}
