package io.redkeep.content.item;

import java.util.List;
import java.util.Map;

import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Rejects a NUL character in any query parameter name or value with
 * {@code 400 validation_failed} before a handler sees it (spec/http-api.md).
 */
public class NulQueryGuard implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        for (Map.Entry<String, List<String>> entry : exchange.getRequest().getQueryParams().entrySet()) {
            if (entry.getKey().indexOf('\0') >= 0) {
                return Mono.error(ProblemException.validation("query", "must not contain NUL characters"));
            }
            for (String value : entry.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    return Mono.error(ProblemException.validation(entry.getKey(), "must not contain NUL characters"));
                }
            }
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }

}
