package io.redkeep.gateway.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The health probes on the public port while the actuator lives on the management port.
 */
@AutoConfiguration(after = HealthEndpointAutoConfiguration.class)
@ConditionalOnBean(ReactiveHealthEndpointWebExtension.class)
class PublicHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "publicHealthRoutes")
    RouterFunction<ServerResponse> publicHealthRoutes(ReactiveHealthEndpointWebExtension health) {
        return PublicHealthRoutes.of(health);
    }

}
