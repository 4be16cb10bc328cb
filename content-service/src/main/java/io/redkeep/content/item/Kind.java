package io.redkeep.content.item;

import java.util.Arrays;
import java.util.Optional;

/**
 * The four content kinds: their singular name (query parameters, search results, events),
 * their plural path segment and their table.
 */
public enum Kind {

    BOOKMARK("bookmark", "bookmarks"),

    TASK("task", "tasks"),

    NOTE("note", "notes"),

    FILE("file", "files");

    private final String singular;

    private final String plural;

    Kind(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    public String singular() {
        return this.singular;
    }

    public String plural() {
        return this.plural;
    }

    /** The table holding this kind; equal to the plural, never user input. */
    public String table() {
        return this.plural;
    }

    /** The kind named by a path segment ({@code bookmarks}), case-sensitive. */
    public static Optional<Kind> fromPlural(String plural) {
        return Arrays.stream(values()).filter((kind) -> kind.plural.equals(plural)).findFirst();
    }

    /** The kind named by a query value ({@code bookmark}), case-sensitive. */
    public static Optional<Kind> fromSingular(String singular) {
        return Arrays.stream(values()).filter((kind) -> kind.singular.equals(singular)).findFirst();
    }

}
