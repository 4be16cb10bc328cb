package io.redkeep.defaults.observability;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.redkeep.defaults.problem.TraceIdResolver;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * One structured line per request on logger {@value #LOGGER}: method, path, status,
 * duration, request id, trace id and user. Written when the response is committed, so
 * statuses set by error handlers and security are the ones logged; a request the client
 * abandoned is logged with status 499.
 */
public class AccessLogFilter implements WebFilter, Ordered {

    public static final String LOGGER = "io.redkeep.access";

    /**
     * Exchange attribute with the caller's user id, set by whoever authenticates
     * requests.
     */
    public static final String USER_ATTRIBUTE = AccessLogFilter.class.getName() + ".user";

    /** Right after {@link RequestIdFilter}. */
    public static final int ORDER = RequestIdFilter.ORDER + 1;

    private static final Logger logger = LoggerFactory.getLogger(LOGGER);

    private final TraceIdResolver traceIds;

    public AccessLogFilter(TraceIdResolver traceIds) {
        this.traceIds = traceIds;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!logger.isInfoEnabled()) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        AtomicBoolean logged = new AtomicBoolean();
        exchange.getResponse().beforeCommit(() -> {
            log(exchange, start, logged, null);
            return Mono.empty();
        });
        return chain.filter(exchange).doOnCancel(() -> log(exchange, start, logged, 499));
    }

    private void log(ServerWebExchange exchange, long start, AtomicBoolean logged, Integer forcedStatus) {
        if (!logged.compareAndSet(false, true)) {
            return;
        }
        HttpStatusCode code = exchange.getResponse().getStatusCode();
        int status = (forcedStatus != null) ? forcedStatus : ((code != null) ? code.value() : 200);
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String method = exchange.getRequest().getMethod().name();
        String path = exchange.getRequest().getPath().value();
        String requestId = RequestIdFilter.requestId(exchange);
        String traceId = this.traceIds.traceId(exchange);
        Object user = exchange.getAttributes().getOrDefault(USER_ATTRIBUTE, "-");
        logger.atInfo()
            .addKeyValue("method", method)
            .addKeyValue("path", path)
            .addKeyValue("status", status)
            .addKeyValue("durationMs", durationMs)
            .addKeyValue("requestId", requestId)
            .addKeyValue("traceId", traceId)
            .addKeyValue("user", user)
            .log("method={} path={} status={} durationMs={} requestId={} traceId={} user={}", method, path, status,
                    durationMs, requestId, traceId, user);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
