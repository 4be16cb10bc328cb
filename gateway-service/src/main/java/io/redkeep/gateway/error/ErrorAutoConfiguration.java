package io.redkeep.gateway.error;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The gateway's own problem+json error handler: proxied routes never reach a
 * {@code @ControllerAdvice}.
 */
@AutoConfiguration
class ErrorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GatewayErrorWebExceptionHandler gatewayErrorWebExceptionHandler(ObjectProvider<JsonMapper> json) {
        return new GatewayErrorWebExceptionHandler(json.getIfAvailable(JsonMapper::new));
    }

}
