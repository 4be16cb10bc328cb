package io.redkeep.gateway.auth;

import io.redkeep.session.SessionRevocations;
import io.redkeep.session.SessionStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Session resolution through the shared session store, its revocation-evicted cache, and
 * access enforcement with CSRF.
 */
@AutoConfiguration(afterName = "io.redkeep.session.SessionStoreAutoConfiguration")
@EnableConfigurationProperties(EdgeAuthProperties.class)
class EdgeAuthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SessionCache sessionCache(SessionRevocations revocations, EdgeAuthProperties properties) {
        return new SessionCache(revocations, properties.cacheTtl(), properties.cacheSize());
    }

    @Bean
    @ConditionalOnMissingBean
    EdgeAuthWebFilter edgeAuthWebFilter(SessionStore store, SessionCache cache) {
        return new EdgeAuthWebFilter(store, cache);
    }

    @Bean
    @ConditionalOnMissingBean
    EdgeAccessWebFilter edgeAccessWebFilter(EdgeAuthProperties properties) {
        return new EdgeAccessWebFilter(properties);
    }

}
