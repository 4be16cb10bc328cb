package io.redkeep.gateway.support;

import io.redkeep.gateway.auth.EdgePrincipal;
import io.redkeep.gateway.ratelimit.RateLimitWebFilter;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Test stand-in for edge authentication: a request carrying {@code X-Test-User} (or any
 * request, given a default user) is treated as that user, so tests of other features need
 * no sessions.
 */
public class TestPrincipalWebFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Test-User";

    private final String defaultUser;

    /** Only requests with {@link #HEADER} are authenticated. */
    public TestPrincipalWebFilter() {
        this(null);
    }

    /** Requests without {@link #HEADER} are {@code defaultUser}. */
    public TestPrincipalWebFilter(String defaultUser) {
        this.defaultUser = defaultUser;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String user = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (user == null) {
            user = this.defaultUser;
        }
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
