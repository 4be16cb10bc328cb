package io.redkeep.realtime.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemException;
import tools.jackson.databind.JsonNode;

/**
 * Reads fields of a JSON object strictly (spec/http-api.md, "Conventions"): no coercion,
 * lengths in code points, NUL refused, one problem per field. Shared by REST bodies and
 * WebSocket frames so both validate alike. Readers return {@code null} for an absent or
 * wrong field; {@link #throwIfInvalid()} reports every wrong field at once.
 */
public final class Fields {

    private final JsonNode object;

    private final List<FieldProblem> errors = new ArrayList<>();

    public Fields(JsonNode object) {
        this.object = object;
    }

    public boolean has(String field) {
        JsonNode node = this.object.get(field);
        return node != null && !node.isNull();
    }

    public String text(String field, int min, int max, boolean required) {
        JsonNode node = this.object.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                this.errors.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        if (!node.isString()) {
            this.errors.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        String value = node.asString();
        if (value.indexOf('\0') >= 0) {
            this.errors.add(new FieldProblem(field, "must not contain NUL"));
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            this.errors.add(new FieldProblem(field, "must be " + min + " to " + max + " characters"));
            return null;
        }
        return value;
    }

    public UUID uuid(String field, boolean required) {
        String value = text(field, 1, 64, required);
        if (value == null) {
            return null;
        }
        UUID id = parseUuid(value);
        if (id == null) {
            this.errors.add(new FieldProblem(field, "must be a UUID"));
        }
        return id;
    }

    public Long integer(String field, long min, long max, boolean required) {
        JsonNode node = this.object.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                this.errors.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            this.errors.add(new FieldProblem(field, "must be an integer from " + min + " to " + max));
            return null;
        }
        return node.longValue();
    }

    public Boolean bool(String field) {
        JsonNode node = this.object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            this.errors.add(new FieldProblem(field, "must be a boolean"));
            return null;
        }
        return node.booleanValue();
    }

    /** A list of UUID strings of {@code min..max} distinct-or-not elements. */
    public List<UUID> uuids(String field, int min, int max) {
        JsonNode node = this.object.get(field);
        if (node == null || node.isNull()) {
            this.errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (!node.isArray()) {
            this.errors.add(new FieldProblem(field, "must be an array of UUIDs"));
            return null;
        }
        List<UUID> ids = new ArrayList<>();
        for (JsonNode element : node) {
            UUID id = element.isString() ? parseUuid(element.asString()) : null;
            if (id == null) {
                this.errors.add(new FieldProblem(field, "must be an array of UUIDs"));
                return null;
            }
            ids.add(id);
        }
        if (ids.size() < min || ids.size() > max) {
            this.errors.add(new FieldProblem(field, "must hold " + min + " to " + max + " ids"));
            return null;
        }
        return ids;
    }

    public void reject(String field, String message) {
        this.errors.add(new FieldProblem(field, message));
    }

    public void throwIfInvalid() {
        if (!this.errors.isEmpty()) {
            throw ProblemException.validation(this.errors);
        }
    }

    /** A canonical UUID, or {@code null}. */
    public static UUID parseUuid(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

}
