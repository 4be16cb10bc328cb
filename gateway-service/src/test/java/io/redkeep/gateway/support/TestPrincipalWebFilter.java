package io.redkeep.gateway.support;

import io.redkeep.gateway.auth.EdgePrincipal;
import io.redkeep.gateway.ratelimit.RateLimitWebFilter;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Test stand-in for edge authentication: a request carrying {@code X-Test-User} is
 * treated as that user, so rate-limit tests can count by user without sessions.
 */
public class TestPrincipalWebFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Test-User";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String user = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (user != null) {
            exchange.getAttributes()
                .put(EdgePrincipal.ATTRIBUTE, new EdgePrincipal(user, "test-session", "user", "Test", false));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return RateLimitWebFilter.ORDER - 5;
    }

}
