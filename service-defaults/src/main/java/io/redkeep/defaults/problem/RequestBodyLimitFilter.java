package io.redkeep.defaults.problem;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Enforces {@link RequestBodyProperties}: a declared {@code Content-Length} above the
 * limit is refused at once; a chunked body is counted as it streams and fails once it
 * passes the limit, so no handler or codec ever buffers more than the limit.
 */
public class RequestBodyLimitFilter implements WebFilter, Ordered {

    /** Early, but after request-id and access-log filters so refusals are logged. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final long defaultLimit;

    private final List<Limit> limits;

    private final ProblemResponseWriter writer;

    public RequestBodyLimitFilter(RequestBodyProperties properties, ProblemResponseWriter writer) {
        this.defaultLimit = properties.maxSize().toBytes();
        this.limits = properties.overrides()
            .stream()
            .map((override) -> new Limit(PathPatternParser.defaultInstance.parse(override.path()),
                    override.maxSize().toBytes()))
            .toList();
        this.writer = writer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long limit = limitFor(exchange.getRequest().getPath().pathWithinApplication());
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > limit) {
            return this.writer.write(exchange, ProblemCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + limit + " bytes");
        }
        ServerHttpRequest counted = new CountingRequest(exchange.getRequest(), limit);
        return chain.filter(exchange.mutate().request(counted).build());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    long limitFor(PathContainer path) {
        for (Limit candidate : this.limits) {
            if (candidate.pattern().matches(path)) {
                return candidate.bytes();
            }
        }
        return this.defaultLimit;
    }

    private record Limit(PathPattern pattern, long bytes) {

    }

    private static final class CountingRequest extends ServerHttpRequestDecorator {

        private final long limit;

        CountingRequest(ServerHttpRequest delegate, long limit) {
            super(delegate);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > this.limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(new ContentTooLargeException(null));
                    }
                    else {
                        sink.next(buffer);
                    }
                });
            });
        }

    }

}
