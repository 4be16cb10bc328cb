package io.redkeep.defaults.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns every failure that reaches the web layer into problem+json. Ordered before Boot's
 * default handler, which then never sees a request.
 */
public class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler, Ordered {

    /** Before Boot's {@code DefaultErrorWebExceptionHandler} (-1). */
    public static final int ORDER = -2;

    private static final Logger logger = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

    private final ProblemResolver resolver;

    private final ProblemResponseWriter writer;

    private final TraceIdResolver traceIds;

    public ProblemErrorWebExceptionHandler(ProblemResolver resolver, ProblemResponseWriter writer,
            TraceIdResolver traceIds) {
        this.resolver = resolver;
        this.writer = writer;
        this.traceIds = traceIds;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        Problem problem = this.resolver.resolve(ex);
        if (problem.status().is5xxServerError()) {
            logger.error("{} {} failed [traceId={}]", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), this.traceIds.traceId(exchange), ex);
        }
        else if (logger.isDebugEnabled()) {
            logger.debug("{} {} answered {} {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), problem.status().value(), problem.code().code(),
                    ex.toString());
        }
        return this.writer.write(exchange, problem);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
