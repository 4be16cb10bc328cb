package io.redkeep.defaults.problem;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a {@link Problem} as {@code application/problem+json}. Shared by the error
 * handler, the security entry points and the request-size filter; the gateway calls it
 * from its own handler so every part of Redkeep answers errors the same way.
 */
public class ProblemResponseWriter {

    private final JsonMapper jsonMapper;

    private final TraceIdResolver traceIds;

    public ProblemResponseWriter(JsonMapper jsonMapper, TraceIdResolver traceIds) {
        this.jsonMapper = jsonMapper;
        this.traceIds = traceIds;
    }

    /**
     * Answers the exchange with the problem; completes empty if the response was already
     * committed (nothing sensible can be written then) after closing it.
     * @param exchange the exchange to answer
     * @param problem the problem
     * @return completion of the write
     */
    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return response.setComplete();
        }
        byte[] json = this.jsonMapper
            .writeValueAsBytes(problem.body(exchange.getRequest().getPath().value(), this.traceIds.traceId(exchange)));
        response.setStatusCode(problem.status());
        response.getHeaders().putAll(problem.headers());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(json.length);
        response.getHeaders().setCacheControl("no-store");
        DataBuffer buffer = response.bufferFactory().wrap(json);
        return response.writeWith(Mono.just(buffer));
    }

    /**
     * Shorthand for {@code write(exchange, Problem.of(code, detail))}.
     * @param exchange the exchange to answer
     * @param code the code
     * @param detail explanation safe for the client
     * @return completion of the write
     */
    public Mono<Void> write(ServerWebExchange exchange, ProblemCode code, String detail) {
        return write(exchange, Problem.of(code, detail));
    }

}
