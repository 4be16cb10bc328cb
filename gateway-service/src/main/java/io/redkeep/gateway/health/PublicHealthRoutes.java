package io.redkeep.gateway.health;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /actuator/health} and its {@code liveness} and {@code readiness} groups on the
 * public port (spec/http-api.md, "Operations"), answered by the same health endpoint the
 * management port serves; every other actuator endpoint stays on the management port.
 */
public final class PublicHealthRoutes {

    private PublicHealthRoutes() {
    }

    public static RouterFunction<ServerResponse> of(ReactiveHealthEndpointWebExtension health) {
        return RouterFunctions.route()
            .GET("/actuator/health", (request) -> answer(health, new String[0]))
            .GET("/actuator/health/liveness", (request) -> answer(health, new String[] { "liveness" }))
            .GET("/actuator/health/readiness", (request) -> answer(health, new String[] { "readiness" }))
            .build();
    }

    private static Mono<ServerResponse> answer(ReactiveHealthEndpointWebExtension health, String[] path) {
        return health.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, path)
            .flatMap((response) -> ServerResponse.status(response.getStatus())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(response.getBody()));
    }

}
