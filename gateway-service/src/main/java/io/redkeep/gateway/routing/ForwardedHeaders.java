package io.redkeep.gateway.routing;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.redkeep.gateway.auth.EdgePrincipal;
import io.redkeep.gateway.client.ClientOrigin;
import io.redkeep.gateway.trace.RequestTrace;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * What a service receives from the gateway (spec/internal.md): never the client's
 * {@code Authorization}, session cookie, {@code X-Forwarded-*}, {@code Forwarded} or
 * {@code X-Redkeep-*} headers; always the internal token, {@code X-Request-Id} and
 * {@code traceparent}.
 */
public class ForwardedHeaders implements HttpHeadersFilter, Ordered {

    static final String SESSION_COOKIE = "rk_session";

    private final InternalTokens tokens;

    public ForwardedHeaders(InternalTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders headers = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!stripped(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, values);
            }
        });
        String cookies = exchange.getRequest()
            .getCookies()
            .values()
            .stream()
            .flatMap(List::stream)
            .filter((cookie) -> !SESSION_COOKIE.equals(cookie.getName()))
            .map(HttpCookie::toString)
            .collect(Collectors.joining("; "));
        if (!cookies.isEmpty()) {
            headers.set(HttpHeaders.COOKIE, cookies);
        }
        headers.setBearerAuth(this.tokens.token(EdgePrincipal.of(exchange), ClientOrigin.of(exchange).ip()));
        RequestTrace trace = RequestTrace.of(exchange);
        if (trace != null) {
            headers.set(RequestTrace.REQUEST_ID_HEADER, trace.requestId());
            headers.set(RequestTrace.TRACEPARENT_HEADER, trace.traceparent());
        }
        return headers;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    /** Last, so nothing added by another filter slips through. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static boolean stripped(String name) {
        return name.equals("authorization") || name.equals("cookie") || name.equals("forwarded")
                || name.startsWith("x-forwarded-") || name.startsWith("x-redkeep-") || name.equals("x-real-ip")
                || name.equals("x-request-id") || name.equals("traceparent");
    }

}
