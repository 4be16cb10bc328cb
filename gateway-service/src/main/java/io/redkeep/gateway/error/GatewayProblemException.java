package io.redkeep.gateway.error;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure the gateway answers itself, rendered by
 * {@link GatewayErrorWebExceptionHandler} as problem+json with a stable {@code code}
 * (spec/http-api.md). Carries response headers (for example {@code Retry-After}) and
 * extension members (for example {@code violatedPolicies}).
 */
public class GatewayProblemException extends RuntimeException {

    private final HttpStatus status;

    private final String code;

    private final HttpHeaders headers;

    private final Map<String, Object> properties;

    public GatewayProblemException(HttpStatus status, String code, String detail, HttpHeaders headers,
            Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
        this.properties = Map.copyOf(properties);
    }

    public GatewayProblemException(HttpStatus status, String code, String detail) {
        this(status, code, detail, new HttpHeaders(), Map.of());
    }

    public HttpStatus status() {
        return this.status;
    }

    public String code() {
        return this.code;
    }

    public HttpHeaders headers() {
        return this.headers;
    }

    public Map<String, Object> properties() {
        return this.properties;
    }

}
