package io.redkeep.gateway.error;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Human titles of the stable problem codes the gateway answers with (spec/http-api.md).
 */
final class ProblemTitles {

    private static final Map<String, String> TITLES = Map.ofEntries(Map.entry("malformed_request", "Malformed request"),
            Map.entry("unauthenticated", "Unauthenticated"), Map.entry("csrf_failed", "CSRF check failed"),
            Map.entry("forbidden", "Forbidden"), Map.entry("not_found", "Not found"),
            Map.entry("method_not_allowed", "Method not allowed"), Map.entry("payload_too_large", "Payload too large"),
            Map.entry("unsupported_media_type", "Unsupported media type"), Map.entry("rate_limited", "Rate limited"),
            Map.entry("internal_error", "Internal error"), Map.entry("bad_gateway", "Bad gateway"),
            Map.entry("service_unavailable", "Service unavailable"), Map.entry("timeout", "Timeout"));

    private ProblemTitles() {
    }

    static String of(String code, HttpStatus status) {
        return TITLES.getOrDefault(code, status.getReasonPhrase());
    }

}
