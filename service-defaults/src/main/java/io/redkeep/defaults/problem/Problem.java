package io.redkeep.defaults.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * An RFC 9457 problem as spec/http-api.md shapes it, before the per-request members
 * ({@code instance}, {@code traceId}) are filled in by {@link ProblemResponseWriter}.
 *
 * @param status the HTTP status
 * @param code the stable code
 * @param detail explanation safe for the client
 * @param errors per-field errors (empty unless validation failed)
 * @param extra additional top-level members
 * @param headers response headers to add (e.g. {@code Allow}, {@code Retry-After})
 */
public record Problem(HttpStatusCode status, ProblemCode code, String detail, List<FieldProblem> errors,
        Map<String, Object> extra, HttpHeaders headers) {

    public Problem {
        errors = List.copyOf(errors);
        extra = Map.copyOf(extra);
        headers = HttpHeaders.readOnlyHttpHeaders(headers);
    }

    public static Problem of(ProblemCode code, String detail) {
        return new Problem(code.status(), code, detail, List.of(), Map.of(), new HttpHeaders());
    }

    public static Problem of(ProblemException ex) {
        return new Problem(ex.getStatus(), ex.getCode(), ex.getDetail(), ex.getErrors(), ex.getExtra(),
                new HttpHeaders());
    }

    public Problem withHeader(String name, String value) {
        HttpHeaders copy = new HttpHeaders();
        copy.addAll(this.headers);
        copy.set(name, value);
        return new Problem(this.status, this.code, this.detail, this.errors, this.extra, copy);
    }

    /**
     * The JSON members in the spec's order.
     * @param instance the request path
     * @param traceId the trace id of the request
     * @return the body to serialize
     */
    Map<String, Object> body(String instance, String traceId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", this.code.type());
        body.put("title", this.code.title());
        body.put("status", this.status.value());
        body.put("detail", this.detail);
        body.put("instance", instance);
        body.put("code", this.code.code());
        body.put("traceId", traceId);
        if (!this.errors.isEmpty()) {
            body.put("errors", this.errors);
        }
        this.extra.forEach(body::putIfAbsent);
        return body;
    }

}
