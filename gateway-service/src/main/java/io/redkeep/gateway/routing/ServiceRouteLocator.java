package io.redkeep.gateway.routing;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Flux;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.http.HttpMethod;

/**
 * One route per service for its public paths and one per WebSocket path, built from
 * {@link ServicesProperties}: per-route timeouts, a retry of idempotent requests whose
 * connect failed, and the service name for {@link BackendRoutingFilter}. Paths no service
 * claims (including every service's {@code /actuator/**}) are not routed at all.
 */
public class ServiceRouteLocator implements RouteLocator {

    private final RouteLocator routes;

    public ServiceRouteLocator(RouteLocatorBuilder builder, ServicesProperties properties) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        new TreeMap<>(properties.services()).forEach((name, service) -> {
            if (service.instances().isEmpty()) {
                return;
            }
            String uri = service.instances().get(0).toString();
            Map<String, Object> metadata = Map.of(BackendRoutingFilter.SERVICE_METADATA, name,
                    RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) service.connectTimeout().toMillis(),
                    RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, service.responseTimeout().toMillis());
            if (!service.paths().isEmpty()) {
                routes.route(name,
                        (route) -> route.path(service.paths().toArray(String[]::new))
                            .filters((filters) -> filters.retry((retry) -> retry.setRetries(service.retries())
                                .setMethods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.DELETE)
                                .setSeries()
                                .setStatuses()
                                .setExceptions(ConnectException.class)
                                .setBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, true)))
                            .metadata(metadata)
                            .uri(uri));
            }
            if (!service.websocketPaths().isEmpty()) {
                routes.route(name + "-websocket",
                        (route) -> route.path(service.websocketPaths().toArray(String[]::new))
                            .metadata(metadata)
                            .uri(uri));
            }
        });
        this.routes = routes.build();
    }

    @Override
    public Flux<Route> getRoutes() {
        return this.routes.getRoutes();
    }

}
