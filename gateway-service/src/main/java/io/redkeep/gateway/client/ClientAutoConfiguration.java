package io.redkeep.gateway.client;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Client IP and scheme resolution behind the configured trusted proxies.
 */
@AutoConfiguration
@EnableConfigurationProperties(ClientProperties.class)
class ClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClientOriginResolver clientOriginResolver(ClientProperties properties) {
        return new ClientOriginResolver(TrustedProxies.of(properties.trustedProxies()));
    }

    @Bean
    @ConditionalOnMissingBean
    ClientOriginWebFilter clientOriginWebFilter(ClientOriginResolver resolver) {
        return new ClientOriginWebFilter(resolver);
    }

}
