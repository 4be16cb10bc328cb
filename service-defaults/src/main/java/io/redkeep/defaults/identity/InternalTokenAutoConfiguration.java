package io.redkeep.defaults.identity;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The internal key and the token issuer. Always on, so the gateway (which switches the
 * resource-server side off) still mints tokens; fails start-up without a proper key.
 */
@AutoConfiguration
@EnableConfigurationProperties(InternalIdentityProperties.class)
class InternalTokenAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InternalKey internalKey(InternalIdentityProperties properties) {
        return InternalKey.of(properties.internalKey());
    }

    @Bean
    @ConditionalOnMissingBean
    InternalTokenIssuer internalTokenIssuer(InternalKey key, InternalIdentityProperties properties) {
        return new InternalTokenIssuer(key, properties.tokenTtl(), Clock.systemUTC());
    }

}
