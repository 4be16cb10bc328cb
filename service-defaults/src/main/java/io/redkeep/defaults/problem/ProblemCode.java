package io.redkeep.defaults.problem;

import org.springframework.http.HttpStatus;

/**
 * Every stable problem {@code code} of spec/http-api.md with its HTTP status and title.
 * The string values are part of the public contract: never rename one, only add.
 */
public enum ProblemCode {

    VALIDATION_FAILED("validation_failed", HttpStatus.BAD_REQUEST, "Validation failed"),

    MALFORMED_REQUEST("malformed_request", HttpStatus.BAD_REQUEST, "Malformed request"),

    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Unauthenticated"),

    INVALID_CREDENTIALS("invalid_credentials", HttpStatus.UNAUTHORIZED, "Invalid credentials"),

    CSRF_FAILED("csrf_failed", HttpStatus.FORBIDDEN, "CSRF check failed"),

    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),

    NOT_FOUND("not_found", HttpStatus.NOT_FOUND, "Not found"),

    METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),

    /**
     * Not in the spec's list; added for the framework's own 406 (documented in README).
     */
    NOT_ACCEPTABLE("not_acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),

    EMAIL_TAKEN("email_taken", HttpStatus.CONFLICT, "Email taken"),

    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),

    VERSION_CONFLICT("version_conflict", HttpStatus.PRECONDITION_FAILED, "Version conflict"),

    PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),

    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),

    RATE_LIMITED("rate_limited", HttpStatus.TOO_MANY_REQUESTS, "Rate limited"),

    TOO_MANY_ATTEMPTS("too_many_attempts", HttpStatus.TOO_MANY_REQUESTS, "Too many attempts"),

    TOO_MANY_CONNECTIONS("too_many_connections", HttpStatus.TOO_MANY_REQUESTS, "Too many connections"),

    INTERNAL_ERROR("internal_error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),

    BAD_GATEWAY("bad_gateway", HttpStatus.BAD_GATEWAY, "Bad gateway"),

    SERVICE_UNAVAILABLE("service_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),

    TIMEOUT("timeout", HttpStatus.GATEWAY_TIMEOUT, "Timeout");

    /** Base of every problem's {@code type} URI. */
    public static final String TYPE_BASE = "https://redkeep.dev/problems/";

    private final String code;

    private final HttpStatus status;

    private final String title;

    ProblemCode(String code, HttpStatus status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return this.code;
    }

    public HttpStatus status() {
        return this.status;
    }

    public String title() {
        return this.title;
    }

    public String type() {
        return TYPE_BASE + this.code;
    }

    /**
     * The generic code for a bare status (a framework {@code ResponseStatusException}
     * without more context): 4xx without a better match are {@code malformed_request},
     * 5xx without one {@code internal_error}.
     * @param status the HTTP status code
     * @return the code that stands for it
     */
    public static ProblemCode forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404, 410 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 412 -> VERSION_CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 502 -> BAD_GATEWAY;
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> TIMEOUT;
            default -> (status >= 500) ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }

}
