package io.redkeep.gateway.trace;

import io.redkeep.gateway.auth.EdgePrincipal;
import io.redkeep.gateway.client.ClientOrigin;
import io.redkeep.gateway.ratelimit.RateLimitDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * One line per request on logger {@code redkeep.access}: request id, trace id, client IP,
 * user, method, path, route, status, latency (until the response headers) and the
 * rate-limit decision.
 */
public class AccessLogWebFilter implements WebFilter, Ordered {

    /** Wraps everything but the request trace, so it sees the final status. */
    public static final int ORDER = RequestTraceWebFilter.ORDER + 1;

    private static final Logger logger = LoggerFactory.getLogger("redkeep.access");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!logger.isInfoEnabled()) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        // logged when the response is committed: errors rendered by the exception
        // handlers, after this filter's chain has failed, are included with their status
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> log(exchange, start)));
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private static void log(ServerWebExchange exchange, long start) {
        RequestTrace trace = RequestTrace.of(exchange);
        ClientOrigin origin = exchange.getAttribute(ClientOrigin.ATTRIBUTE);
        EdgePrincipal principal = EdgePrincipal.of(exchange);
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        RateLimitDecision decision = exchange.getAttribute(RateLimitDecision.ATTRIBUTE);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        logger.info(
                "request_id={} trace_id={} ip={} user={} method={} path={} route={} status={} latency_ms={} "
                        + "rate_limit={}",
                (trace != null) ? trace.requestId() : "-", (trace != null) ? trace.traceId() : "-",
                (origin != null) ? origin.ip() : "-", (principal != null) ? principal.userId() : "-",
                exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(),
                (route != null) ? route.getId() : "-", (status != null) ? status.value() : 200,
                (System.nanoTime() - start) / 1_000_000, rateLimit(decision));
    }

    private static String rateLimit(RateLimitDecision decision) {
        if (decision == null || decision.outcomes().isEmpty() && decision.admitted()) {
            return "-";
        }
        String verdict = decision.verdict().name().toLowerCase(java.util.Locale.ROOT);
        return decision.fallback() ? verdict + "(fallback)" : verdict;
    }

}
