package io.redkeep.gateway.client;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Resolves the {@link ClientOrigin} once, early, for every later filter (rate limits,
 * identity token, cookies, access log).
 */
public class ClientOriginWebFilter implements WebFilter, Ordered {

    /** Runs before authentication and rate limiting, which both need the client IP. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final ClientOriginResolver resolver;

    public ClientOriginWebFilter(ClientOriginResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getAttributes().put(ClientOrigin.ATTRIBUTE, this.resolver.resolve(exchange.getRequest()));
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
