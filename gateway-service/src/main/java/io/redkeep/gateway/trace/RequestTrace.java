package io.redkeep.gateway.trace;

import org.springframework.web.server.ServerWebExchange;

/**
 * A request's identifiers as the gateway forwards them: {@code X-Request-Id} and the W3C
 * {@code traceparent} whose trace id appears in problem bodies and the access log.
 *
 * @param requestId the request id (the client's when well-formed, else generated)
 * @param traceparent the {@code traceparent} forwarded to services
 * @param traceId the 32 hex digit trace id inside {@code traceparent}
 */
public record RequestTrace(String requestId, String traceparent, String traceId) {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    public static final String TRACEPARENT_HEADER = "traceparent";

    /** Exchange attribute holding the request's {@link RequestTrace}. */
    public static final String ATTRIBUTE = RequestTrace.class.getName();

    /** The request's trace, or {@code null} before {@link RequestTraceWebFilter} ran. */
    public static RequestTrace of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

}
