package io.redkeep.analytics.web;

import java.util.Set;

import io.redkeep.defaults.problem.ProblemException;

/**
 * Strict query parameter parsing of spec/http-api.md: values outside their range or set
 * are {@code 400 validation_failed}, never clamped; a NUL character is rejected.
 */
public final class QueryValues {

    private QueryValues() {
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
    public static int integer(String name, String raw, int min, int max, int fallback) {
        if (raw == null) {
            return fallback;
        }
        String message = "must be an integer from " + min + " to " + max;
        if (raw.isEmpty() || raw.length() > 10 || !raw.chars().allMatch((c) -> c >= '0' && c <= '9')) {
            throw ProblemException.validation(name, message);
        }
        long value = Long.parseLong(raw);
        if (value < min || value > max) {
            throw ProblemException.validation(name, message);
        }
        return (int) value;
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    public static String oneOf(String name, String raw, Set<String> allowed, String fallback) {
        if (raw == null) {
            return fallback;
        }
        if (!allowed.contains(raw)) {
            throw ProblemException.validation(name,
                    "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return raw;
    }

}
