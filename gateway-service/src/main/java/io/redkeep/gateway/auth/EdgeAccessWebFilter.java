package io.redkeep.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.gateway.error.GatewayProblemException;
import io.redkeep.gateway.ratelimit.RateLimitWebFilter;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Enforces what {@link EdgeAuthWebFilter} resolved, after rate limiting (so anonymous
 * floods are counted by IP first): {@code 401 unauthenticated} without a session where
 * one is required ({@code 503} when sessions could not be looked up), and the CSRF
 * double-submit check for cookie-authenticated unsafe methods ({@code 403 csrf_failed}).
 */
public class EdgeAccessWebFilter implements WebFilter, Ordered {

    public static final int ORDER = RateLimitWebFilter.ORDER + 10;

    static final String CSRF_COOKIE = "XSRF-TOKEN";

    static final String CSRF_HEADER = "X-XSRF-TOKEN";

    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final RequestPatterns publicPaths;

    private final RequestPatterns protectedPaths;

    public EdgeAccessWebFilter(EdgeAuthProperties properties) {
        this.publicPaths = RequestPatterns.of(properties.publicPaths());
        this.protectedPaths = RequestPatterns.of(properties.protectedPaths());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        PathContainer path = request.getPath().pathWithinApplication();
        if (this.publicPaths.matches(request.getMethod(), path)
                || !this.protectedPaths.matches(request.getMethod(), path)) {
            return chain.filter(exchange);
        }
        EdgePrincipal principal = EdgePrincipal.of(exchange);
        if (principal == null) {
            if (exchange.getAttributes().containsKey(EdgeAuthWebFilter.LOOKUP_FAILED_ATTRIBUTE)) {
                return Mono.error(new GatewayProblemException(ProblemCode.SERVICE_UNAVAILABLE,
                        "Sessions cannot be checked right now"));
            }
            return Mono.error(new GatewayProblemException(ProblemCode.UNAUTHENTICATED, "A valid session is required"));
        }
        if (principal.viaCookie() && UNSAFE.contains(request.getMethod()) && !csrfMatches(request)) {
            return Mono.error(new GatewayProblemException(ProblemCode.CSRF_FAILED,
                    "Header " + CSRF_HEADER + " must match the " + CSRF_COOKIE + " cookie"));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private static boolean csrfMatches(ServerHttpRequest request) {
        HttpCookie cookie = request.getCookies().getFirst(CSRF_COOKIE);
        String header = request.getHeaders().getFirst(CSRF_HEADER);
        if (cookie == null || header == null || cookie.getValue().isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(cookie.getValue().getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

}
