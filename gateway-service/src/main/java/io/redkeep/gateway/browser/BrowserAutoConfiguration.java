package io.redkeep.gateway.browser;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Security headers and the CORS allowlist.
 */
@AutoConfiguration
@EnableConfigurationProperties(BrowserProperties.class)
class BrowserAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurityHeadersWebFilter securityHeadersWebFilter(BrowserProperties properties) {
        return new SecurityHeadersWebFilter(properties.contentSecurityPolicy());
    }

    @Bean
    @ConditionalOnMissingBean
    CorsWebFilter gatewayCorsWebFilter(BrowserProperties properties) {
        return new CorsWebFilter(properties.allowedOrigins());
    }

}
