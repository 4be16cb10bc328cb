package io.redkeep.gateway.error;

import io.redkeep.defaults.problem.ProblemResolver;
import io.redkeep.defaults.problem.ProblemResponseWriter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The gateway's own problem+json error handler: proxied routes never reach a
 * {@code @ControllerAdvice}, and failures on the way to a backend need gateway codes.
 */
@AutoConfiguration(afterName = "io.redkeep.defaults.problem.ProblemAutoConfiguration")
class ErrorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GatewayErrorWebExceptionHandler gatewayErrorWebExceptionHandler(ProblemResolver resolver,
            ProblemResponseWriter writer) {
        return new GatewayErrorWebExceptionHandler(resolver, writer);
    }

}
