package io.redkeep.gateway.trace;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Request ids, trace propagation and the access log.
 */
@AutoConfiguration
class TraceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RequestTraceWebFilter requestTraceWebFilter() {
        return new RequestTraceWebFilter();
    }

    @Bean
    @ConditionalOnMissingBean
    AccessLogWebFilter accessLogWebFilter() {
        return new AccessLogWebFilter();
    }

}
