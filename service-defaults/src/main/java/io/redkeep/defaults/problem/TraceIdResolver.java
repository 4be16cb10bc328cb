package io.redkeep.defaults.problem;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the trace id of a request so every problem and access-log line carries one: the
 * current Micrometer span of the server observation when tracing runs, else the incoming
 * W3C {@code traceparent}, else a random id remembered for the rest of the exchange.
 */
public class TraceIdResolver {

    /**
     * Exchange attribute holding the resolved id, so every caller sees the same value.
     */
    public static final String ATTRIBUTE = TraceIdResolver.class.getName() + ".traceId";

    private static final boolean TRACING_PRESENT = ClassUtils
        .isPresent("io.micrometer.tracing.handler.TracingObservationHandler", TraceIdResolver.class.getClassLoader());

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");

    private static final String ZERO_TRACE = "0".repeat(32);

    /**
     * The trace id of the exchange, 32 lower-case hex characters.
     * @param exchange the current exchange
     * @return the trace id, never {@code null}
     */
    public String traceId(ServerWebExchange exchange) {
        Object known = exchange.getAttributes().get(ATTRIBUTE);
        if (known instanceof String id) {
            return id;
        }
        String id = fromObservation(exchange);
        if (id == null) {
            id = fromTraceparent(exchange.getRequest().getHeaders().getFirst("traceparent"));
        }
        if (id == null) {
            byte[] random = new byte[16];
            ThreadLocalRandom.current().nextBytes(random);
            id = HexFormat.of().formatHex(random);
        }
        exchange.getAttributes().put(ATTRIBUTE, id);
        return id;
    }

    private static String fromObservation(ServerWebExchange exchange) {
        if (!TRACING_PRESENT) {
            return null;
        }
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
            .map((context) -> (TracingObservationHandler.TracingContext) context
                .get(TracingObservationHandler.TracingContext.class))
            .map(TracingObservationHandler.TracingContext::getSpan)
            .map(Span::context)
            .map((context) -> context.traceId())
            .filter((traceId) -> !traceId.isEmpty() && !ZERO_TRACE.equals(traceId))
            .orElse(null);
    }

    static String fromTraceparent(String header) {
        if (header == null) {
            return null;
        }
        var matcher = TRACEPARENT.matcher(header.trim());
        if (!matcher.matches() || ZERO_TRACE.equals(matcher.group(1))) {
            return null;
        }
        return matcher.group(1);
    }

}
