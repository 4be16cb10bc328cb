package io.redkeep.content.item;

import java.util.ArrayList;
import java.util.List;

/**
 * The versions an {@code If-Match} header accepts: absent (any version, last writer
 * wins), {@code *} (any existing item) or a list of entity tags {@code "<version>"}. A
 * malformed tag matches nothing, so the write is refused rather than applied blindly.
 */
public final class Preconditions {

    private static final Preconditions NONE = new Preconditions(null);

    private final List<Long> versions;

    private Preconditions(List<Long> versions) {
        this.versions = versions;
    }

    public static Preconditions ifMatch(List<String> headerValues) {
        if (headerValues == null || headerValues.isEmpty()) {
            return NONE;
        }
        List<Long> versions = new ArrayList<>();
        for (String value : headerValues) {
            for (String tag : value.split(",")) {
                String trimmed = tag.trim();
                if (trimmed.equals("*")) {
                    return NONE;
                }
                if (trimmed.startsWith("W/")) {
                    trimmed = trimmed.substring(2);
                }
                if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
                    trimmed = trimmed.substring(1, trimmed.length() - 1);
                }
                if (trimmed.matches("[0-9]{1,9}")) {
                    versions.add(Long.parseLong(trimmed));
                }
            }
        }
        return new Preconditions(versions);
    }

    public boolean matches(int version) {
        return this.versions == null || this.versions.contains((long) version);
    }

    String describe() {
        return (this.versions == null) ? "*" : this.versions.toString();
    }

}
