package io.redkeep.gateway.error;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ConnectTimeoutException;
import io.redkeep.gateway.trace.RequestTrace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Renders everything the gateway answers itself as problem+json (spec/http-api.md):
 * unknown paths, methods, oversized bodies, authentication, CSRF, rate limits, and
 * backends that refuse ({@code 502}), are cut off by their breaker ({@code 503}) or time
 * out ({@code 504}). Never exposes stack traces or internal host names.
 */
public class GatewayErrorWebExceptionHandler implements WebExceptionHandler, Ordered {

    /** Ahead of Spring Boot's default handler. */
    public static final int ORDER = -2;

    private static final Logger logger = LoggerFactory.getLogger(GatewayErrorWebExceptionHandler.class);

    private static final MediaType PROBLEM_JSON = MediaType.parseMediaType("application/problem+json");

    private final JsonMapper json;

    public GatewayErrorWebExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        GatewayProblemException problem = problem(ex);
        if (problem.status().is5xxServerError() && !(ex instanceof GatewayProblemException)) {
            logger.warn("{} {} answered {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), problem.status().value(), ex.toString());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://redkeep.dev/problems/" + problem.code());
        body.put("title", ProblemTitles.of(problem.code(), problem.status()));
        body.put("status", problem.status().value());
        if (problem.getMessage() != null) {
            body.put("detail", problem.getMessage());
        }
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("code", problem.code());
        RequestTrace trace = RequestTrace.of(exchange);
        if (trace != null) {
            body.put("traceId", trace.traceId());
        }
        body.putAll(problem.properties());
        byte[] bytes = this.json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(problem.status());
        response.getHeaders().remove("Content-Length");
        response.getHeaders().setContentType(PROBLEM_JSON);
        problem.headers().forEach((name, values) -> response.getHeaders().put(name, values));
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    static GatewayProblemException problem(Throwable ex) {
        if (ex instanceof GatewayProblemException problem) {
            return problem;
        }
        if (ex instanceof ResponseStatusException status) {
            return fromStatus(status.getStatusCode(), status.getReason());
        }
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataBufferLimitException) {
                return new GatewayProblemException(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
                        "The request body is larger than allowed");
            }
            if (cause instanceof CallNotPermittedException) {
                return new GatewayProblemException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                        "The service is temporarily unavailable");
            }
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
                return new GatewayProblemException(HttpStatus.BAD_GATEWAY, "bad_gateway",
                        "The service could not be reached");
            }
            if (cause instanceof TimeoutException) {
                return new GatewayProblemException(HttpStatus.GATEWAY_TIMEOUT, "timeout",
                        "The service did not answer in time");
            }
        }
        return new GatewayProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "The request could not be completed");
    }

    private static GatewayProblemException fromStatus(HttpStatusCode code, String reason) {
        HttpStatus status = HttpStatus.resolve(code.value());
        if (status == null) {
            status = code.is4xxClientError() ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return switch (status) {
            case NOT_FOUND -> new GatewayProblemException(status, "not_found", "No resource at this path");
            case METHOD_NOT_ALLOWED ->
                new GatewayProblemException(status, "method_not_allowed", "The method is not allowed here");
            case PAYLOAD_TOO_LARGE ->
                new GatewayProblemException(status, "payload_too_large", "The request body is larger than allowed");
            case UNSUPPORTED_MEDIA_TYPE ->
                new GatewayProblemException(status, "unsupported_media_type", "The content type is not supported");
            case UNAUTHORIZED -> new GatewayProblemException(status, "unauthenticated", "Authentication is required");
            case FORBIDDEN -> new GatewayProblemException(status, "forbidden", "Not allowed");
            case BAD_GATEWAY -> new GatewayProblemException(status, "bad_gateway", "The service could not be reached");
            case SERVICE_UNAVAILABLE ->
                new GatewayProblemException(status, "service_unavailable", "The service is temporarily unavailable");
            case GATEWAY_TIMEOUT ->
                new GatewayProblemException(status, "timeout", "The service did not answer in time");
            default -> status.is4xxClientError()
                    ? new GatewayProblemException(status, "malformed_request",
                            (reason != null) ? reason : "The request is malformed")
                    : new GatewayProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                            "The request could not be completed");
        };
    }

}
