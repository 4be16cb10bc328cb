package io.redkeep.gateway.browser;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.gateway.client.ClientOrigin;
import io.redkeep.gateway.error.GatewayProblemException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Same-origin by default: a request whose {@code Origin} is neither the gateway's own nor
 * in {@code redkeep.gateway.browser.allowed-origins} is refused with
 * {@code 403 forbidden}; allowed origins get credentialed CORS answers, preflights
 * included.
 */
public class CorsWebFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 25;

    private static final String METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

    private final Set<String> allowed;

    public CorsWebFilter(List<String> allowedOrigins) {
        this.allowed = Set.copyOf(allowedOrigins);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String origin = request.getHeaders().getOrigin();
        if (origin == null || sameOrigin(origin, exchange)) {
            return chain.filter(exchange);
        }
        if (!this.allowed.contains(origin)) {
            return Mono.error(new GatewayProblemException(ProblemCode.FORBIDDEN,
                    "Cross-origin requests from " + "this origin are not allowed"));
        }
        HttpHeaders response = exchange.getResponse().getHeaders();
        response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        response.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        response.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                "RateLimit, RateLimit-Policy, Retry-After, ETag, Location, X-Request-Id, X-Cache");
        if (HttpMethod.OPTIONS.equals(request.getMethod())
                && request.getHeaders().containsHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
            response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
            String headers = request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
            if (headers != null) {
                response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, headers);
            }
            response.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
            exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private static boolean sameOrigin(String origin, ServerWebExchange exchange) {
        try {
            URI from = URI.create(origin);
            String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
            ClientOrigin client = exchange.getAttribute(ClientOrigin.ATTRIBUTE);
            String scheme = (client != null && client.secure()) ? "https" : "http";
            return host != null && host.equalsIgnoreCase(from.getRawAuthority()) && scheme.equals(from.getScheme());
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

}
