package io.redkeep.gateway.routing;

import io.redkeep.defaults.identity.InternalTokenIssuer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Routes to the services, balanced per instance with a breaker each, and the headers
 * services receive.
 */
@AutoConfiguration(afterName = "io.redkeep.defaults.identity.InternalTokenAutoConfiguration")
@EnableConfigurationProperties(ServicesProperties.class)
class RoutingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Backends backends(ServicesProperties properties) {
        return new Backends(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceRouteLocator serviceRouteLocator(RouteLocatorBuilder builder, ServicesProperties properties) {
        return new ServiceRouteLocator(builder, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    BackendRoutingFilter backendRoutingFilter(Backends backends) {
        return new BackendRoutingFilter(backends);
    }

    @Bean
    @ConditionalOnMissingBean
    InternalTokens internalTokens(InternalTokenIssuer issuer) {
        return new InternalTokens(issuer);
    }

    @Bean
    @ConditionalOnMissingBean
    ForwardedHeaders forwardedHeaders(InternalTokens tokens) {
        return new ForwardedHeaders(tokens);
    }

}
