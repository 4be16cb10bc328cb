package io.redkeep.defaults.problem;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * problem+json for every failure (spec/http-api.md, "Errors"), strict JSON binding and
 * request body limits.
 */
@AutoConfiguration(before = ErrorWebFluxAutoConfiguration.class, after = JacksonAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(RequestBodyProperties.class)
class ProblemAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TraceIdResolver traceIdResolver() {
        return new TraceIdResolver();
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemResolver problemResolver() {
        return new ProblemResolver();
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemResponseWriter problemResponseWriter(ObjectProvider<JsonMapper> jsonMapper, TraceIdResolver traceIds) {
        return new ProblemResponseWriter(jsonMapper.getIfAvailable(JsonMapper::new), traceIds);
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemErrorWebExceptionHandler problemErrorWebExceptionHandler(ProblemResolver resolver,
            ProblemResponseWriter writer, TraceIdResolver traceIds) {
        return new ProblemErrorWebExceptionHandler(resolver, writer, traceIds);
    }

    @Bean
    @ConditionalOnMissingBean
    RequestBodyLimitFilter requestBodyLimitFilter(RequestBodyProperties properties, ProblemResponseWriter writer) {
        return new RequestBodyLimitFilter(properties, writer);
    }

    @Bean
    @ConditionalOnMissingBean
    StrictJsonCustomizer strictJsonCustomizer() {
        return new StrictJsonCustomizer();
    }

    /**
     * Codecs must be able to aggregate a JSON body up to the default limit, or a legal
     * 500 KiB body would fail Boot's 256 KiB default. Larger per-path limits (file
     * uploads) are meant for streamed multipart content, not in-memory aggregation. An
     * explicit {@code spring.http.codecs.max-in-memory-size} still wins.
     */
    @Bean
    @ConditionalOnMissingBean(name = "redkeepBodyLimitCodecCustomizer")
    CodecCustomizer redkeepBodyLimitCodecCustomizer(RequestBodyProperties properties, Environment environment) {
        return (configurer) -> {
            if (!environment.containsProperty("spring.http.codecs.max-in-memory-size")) {
                configurer.defaultCodecs()
                    .maxInMemorySize((int) Math.min(properties.maxSize().toBytes(), Integer.MAX_VALUE));
            }
        };
    }

}
