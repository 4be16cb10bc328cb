package io.redkeep.gateway.trace;

import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.redkeep.defaults.problem.TraceIdResolver;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request its {@link RequestTrace}: the client's {@code X-Request-Id} and W3C
 * {@code traceparent} when well-formed (a client cannot inject arbitrary text into logs),
 * fresh ones otherwise. The request id is echoed on the response and the trace id is the
 * one problem bodies and the access log show.
 */
public class RequestTraceWebFilter implements WebFilter, Ordered {

    /** First of the gateway's filters: everything after may log or fail. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private static final String ZERO_TRACE = "0".repeat(32);

    private static final String ZERO_SPAN = "0".repeat(16);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String requestId = headers.getFirst(RequestTrace.REQUEST_ID_HEADER);
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
            // not UUID.randomUUID(): SecureRandom may read /dev/urandom on an event loop
            ThreadLocalRandom random = ThreadLocalRandom.current();
            requestId = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        String traceparent = headers.getFirst(RequestTrace.TRACEPARENT_HEADER);
        String traceId;
        Matcher matcher = (traceparent != null) ? TRACEPARENT.matcher(traceparent.trim()) : null;
        if (matcher != null && matcher.matches() && !ZERO_TRACE.equals(matcher.group(1))
                && !ZERO_SPAN.equals(matcher.group(2))) {
            traceId = matcher.group(1);
            // the gateway is a hop of its own: same trace, new parent span
            traceparent = "00-" + traceId + "-" + random(8) + "-" + matcher.group(3);
        }
        else {
            traceId = random(16);
            traceparent = "00-" + traceId + "-" + random(8) + "-01";
        }
        RequestTrace trace = new RequestTrace(requestId, traceparent, traceId);
        exchange.getAttributes().put(RequestTrace.ATTRIBUTE, trace);
        exchange.getAttributes().put(TraceIdResolver.ATTRIBUTE, traceId);
        exchange.getResponse().getHeaders().set(RequestTrace.REQUEST_ID_HEADER, requestId);
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

}
