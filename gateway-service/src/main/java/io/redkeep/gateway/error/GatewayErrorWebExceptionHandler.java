package io.redkeep.gateway.error;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ConnectTimeoutException;
import io.redkeep.defaults.problem.Problem;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemResolver;
import io.redkeep.defaults.problem.ProblemResponseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Renders everything the gateway answers itself as problem+json through the shared
 * writer: its own refusals (401, 403, 429, 503 from rate limits) and what happens on the
 * way to a backend, which never reaches a service's handler: refused or unreachable
 * ({@code 502 bad_gateway}), cut off by its breaker ({@code 503 service_unavailable}),
 * too slow ({@code 504 timeout}). Everything else goes to the shared resolver (404, 405,
 * 413...). Never exposes stack traces or internal host names.
 */
public class GatewayErrorWebExceptionHandler implements ErrorWebExceptionHandler, Ordered {

    /** Ahead of the shared handler ({@code -2}) and Spring Boot's default. */
    public static final int ORDER = -3;

    private static final Logger logger = LoggerFactory.getLogger(GatewayErrorWebExceptionHandler.class);

    private final ProblemResolver resolver;

    private final ProblemResponseWriter writer;

    public GatewayErrorWebExceptionHandler(ProblemResolver resolver, ProblemResponseWriter writer) {
        this.resolver = resolver;
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        Problem problem = problem(ex);
        if (problem.status().is5xxServerError() && !(ex instanceof GatewayProblemException)) {
            logger.warn("{} {} answered {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), problem.status().value(), ex.toString());
        }
        return this.writer.write(exchange, problem);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    Problem problem(Throwable ex) {
        if (ex instanceof GatewayProblemException gateway) {
            return gateway.problem();
        }
        for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof CallNotPermittedException) {
                return Problem.of(ProblemCode.SERVICE_UNAVAILABLE, "The service is temporarily unavailable");
            }
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
                return Problem.of(ProblemCode.BAD_GATEWAY, "The service could not be reached");
            }
            if (cause instanceof TimeoutException
                    || cause instanceof org.springframework.cloud.gateway.support.TimeoutException) {
                return Problem.of(ProblemCode.TIMEOUT, "The service did not answer in time");
            }
            if (cause instanceof ResponseStatusException status && status.getStatusCode().value() == 504) {
                return Problem.of(ProblemCode.TIMEOUT, "The service did not answer in time");
            }
        }
        return this.resolver.resolve(ex);
    }

}
