package io.redkeep.content.item;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads fields of a JSON request object strictly (spec/http-api.md, "Conventions"): no
 * coercion between types, lengths in code points, NUL rejected, one error per field.
 * Readers return {@code null} for an absent field or a field with an error; call
 * {@link #throwIfInvalid()} once all fields are read.
 */
public final class FieldReader {

    private final ObjectNode body;

    private final List<FieldProblem> errors = new ArrayList<>();

    private final java.util.Set<String> nulFields = new java.util.LinkedHashSet<>();

    public FieldReader(ObjectNode body) {
        this.body = body;
        rejectNul(body, "");
    }

    /**
     * A NUL in any string value is refused, unknown fields included (spec/http-api.md);
     * known fields report it again when read, so each path is reported once here only for
     * fields nobody reads.
     */
    private void rejectNul(JsonNode node, String path) {
        if (node.isString() && node.asString().indexOf('\0') >= 0 && !path.isEmpty()) {
            String root = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
            root = root.contains("[") ? root.substring(0, root.indexOf('[')) : root;
            this.nulFields.add(root);
        }
        else if (node.isObject()) {
            for (var entry : node.properties()) {
                rejectNul(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey());
            }
        }
        else if (node.isArray()) {
            int index = 0;
            for (JsonNode element : node) {
                rejectNul(element, path + "[" + index++ + "]");
            }
        }
    }

    public boolean has(String field) {
        return this.body.has(field);
    }

    public void reject(String field, String message) {
        this.errors.add(new FieldProblem(field, message));
    }

    /**
     * A string of {@code min..max} code points; {@code trim} strips Unicode whitespace at
     * both ends first (and the trimmed value is returned).
     */
    public String text(String field, int min, int max, boolean trim) {
        JsonNode node = this.body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            reject(field, "must be a string");
            return null;
        }
        String value = node.asString();
        if (value.indexOf('\0') >= 0) {
            reject(field, "must not contain NUL characters");
            return null;
        }
        if (trim) {
            value = Text.strip(value);
        }
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            reject(field, (min == 0) ? "must be at most " + max + " characters"
                    : "must be " + min + " to " + max + " characters");
            return null;
        }
        return value;
    }

    public Boolean bool(String field) {
        JsonNode node = this.body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            reject(field, "must be a boolean");
            return null;
        }
        return node.booleanValue();
    }

    /** One of {@code allowed}, case-sensitive. */
    public String oneOf(String field, Set<String> allowed, String description) {
        JsonNode node = this.body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isString() || !allowed.contains(node.asString())) {
            reject(field, "must be one of " + description);
            return null;
        }
        return node.asString();
    }

    /**
     * An RFC 3339 timestamp, normalised to UTC milliseconds. {@link #isNull} tells an
     * explicit {@code null} from an absent field.
     */
    public OffsetDateTime timestamp(String field) {
        JsonNode node = this.body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            reject(field, "must be an RFC 3339 timestamp string");
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asString(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .withOffsetSameInstant(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MILLIS);
        }
        catch (DateTimeParseException ex) {
            reject(field, "must be an RFC 3339 timestamp");
            return null;
        }
    }

    public boolean isNull(String field) {
        JsonNode node = this.body.get(field);
        return node != null && node.isNull();
    }

    /** Tags normalised as {@link Tags#normalise} does; {@code null} when absent. */
    public List<String> tags(String field) {
        JsonNode node = this.body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            reject(field, "must be an array of strings");
            return null;
        }
        List<String> raw = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isString()) {
                reject(field, "must be an array of strings");
                return null;
            }
            raw.add(element.asString());
        }
        try {
            return Tags.normalise(raw);
        }
        catch (IllegalArgumentException ex) {
            reject(field, ex.getMessage());
            return null;
        }
    }

    /** Fields a kind does not let clients write. */
    public void readOnly(String... fields) {
        for (String field : fields) {
            if (this.body.has(field)) {
                reject(field, "is read-only");
            }
        }
    }

    public void required(String field, Object value) {
        if (value == null && !this.body.has(field)) {
            reject(field, "is required");
        }
    }

    /** Non-nullable fields given as JSON {@code null}. */
    public void notNull(String... fields) {
        for (String field : fields) {
            if (isNull(field) && this.errors.stream().noneMatch((error) -> error.field().equals(field))) {
                reject(field, "must not be null");
            }
        }
    }

    public void throwIfInvalid() {
        for (String field : this.nulFields) {
            if (this.errors.stream().noneMatch((error) -> error.field().equals(field))) {
                reject(field, "must not contain NUL characters");
            }
        }
        this.nulFields.clear();
        if (!this.errors.isEmpty()) {
            throw ProblemException.validation(List.copyOf(this.errors));
        }
    }

}
