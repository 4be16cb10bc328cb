package io.redkeep.realtime.conversation;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies and query values read by hand, so that wrong types are
 * {@code validation_failed} field by field and anything but a JSON object is
 * {@code malformed_request} (spec/http-api.md).
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static Mono<Fields> object(JsonMapper mapper, Mono<String> body) {
        return body.defaultIfEmpty("").map((text) -> {
            JsonNode node;
            try {
                node = text.isBlank() ? null : mapper.readTree(text);
            }
            catch (JacksonException ex) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                throw new ProblemException(ProblemCode.MALFORMED_REQUEST, "The request body must be a JSON object");
            }
            return new Fields(node);
        });
    }

    /**
     * An optional integer query value in {@code min..max}; text, fractions and NUL
     * refused.
     */
    public static Long queryLong(String name, String value, long min, long max) {
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw ProblemException.validation(name, "must be an integer from " + min + " to " + max);
    }

}
