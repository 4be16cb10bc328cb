package io.redkeep.defaults.observability;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request an {@code X-Request-Id}: a sane incoming one (as the gateway
 * forwards) is kept, anything else replaced by a fresh UUID. The id is echoed on the
 * response, visible to handlers as a request header and exchange attribute, and in the
 * Reactor context (and so the logging MDC) under {@value #MDC_KEY}.
 */
public class RequestIdFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";

    public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";

    public static final String MDC_KEY = "requestId";

    /**
     * First of the Redkeep filters, so every later one (and every log line) sees the id.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    /** Printable token characters only: the id ends up in logs and headers verbatim. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String incoming = exchange.getRequest().getHeaders().getFirst(HEADER);
        String requestId = (incoming != null && SANE.matcher(incoming).matches()) ? incoming : randomId();
        exchange.getAttributes().put(ATTRIBUTE, requestId);
        exchange.getResponse().getHeaders().set(HEADER, requestId);
        ServerHttpRequest request = exchange.getRequest()
            .mutate()
            .headers((headers) -> headers.set(HEADER, requestId))
            .build();
        return chain.filter(exchange.mutate().request(request).build())
            .contextWrite((context) -> context.put(MDC_KEY, requestId));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id needs no
     * cryptographic strength, and {@code UUID.randomUUID()} may block on an event loop
     * while {@code SecureRandom} seeds itself.
     */
    static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }

    /**
     * The request id of an exchange that passed this filter.
     * @param exchange the exchange
     * @return the id, or {@code null} before the filter ran
     */
    public static String requestId(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

}
