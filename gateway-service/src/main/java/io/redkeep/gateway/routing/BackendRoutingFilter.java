package io.redkeep.gateway.routing;

import java.net.URI;

import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends a routed request to one instance of its service (round-robin across {@code uris},
 * skipping instances whose breaker is open) and runs the proxied call through that
 * instance's breaker, so a dead backend is answered {@code 503} at once.
 */
public class BackendRoutingFilter implements GlobalFilter, Ordered {

    /** Route metadata naming the service a route goes to. */
    public static final String SERVICE_METADATA = "redkeep.service";

    private final Backends backends;

    public BackendRoutingFilter(Backends backends) {
        this.backends = backends;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        Object service = (route != null) ? route.getMetadata().get(SERVICE_METADATA) : null;
        if (service == null || url == null) {
            return chain.filter(exchange);
        }
        return Mono.defer(() -> {
            Backends.Instance instance = this.backends.next(service.toString());
            URI base = instance.uri();
            URI target = UriComponentsBuilder.fromUri(url)
                .scheme(url.getScheme().startsWith("ws") ? websocketScheme(base) : base.getScheme())
                .host(base.getHost())
                .port(base.getPort())
                .build(true)
                .toUri();
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
            return chain.filter(exchange).transformDeferred(CircuitBreakerOperator.of(instance.breaker()));
        });
    }

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    }

    private static String websocketScheme(URI base) {
        return "https".equals(base.getScheme()) ? "wss" : "ws";
    }

}
