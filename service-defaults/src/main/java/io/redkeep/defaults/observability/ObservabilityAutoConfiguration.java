package io.redkeep.defaults.observability;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;

import io.redkeep.defaults.problem.TraceIdResolver;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Request ids, the access log, and the MDC bridge for the request id. Tracing itself
 * (Brave, W3C {@code traceparent}) and the Prometheus endpoint come from Boot's
 * auto-configuration with the defaults of {@link ObservabilityDefaults}.
 */
@AutoConfiguration(afterName = "io.redkeep.defaults.problem.ProblemAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ObservabilityAutoConfiguration {

    static {
        // Lets automatic context propagation copy the Reactor context entry into the MDC.
        ContextRegistry.getInstance()
            .registerThreadLocalAccessor(RequestIdFilter.MDC_KEY, () -> MDC.get(RequestIdFilter.MDC_KEY),
                    (value) -> MDC.put(RequestIdFilter.MDC_KEY, value), () -> MDC.remove(RequestIdFilter.MDC_KEY));
    }

    @Bean
    @ConditionalOnMissingBean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    @ConditionalOnMissingBean
    AccessLogFilter accessLogFilter(org.springframework.beans.factory.ObjectProvider<TraceIdResolver> traceIds) {
        return new AccessLogFilter(traceIds.getIfAvailable(TraceIdResolver::new));
    }

}
