package io.redkeep.analytics.challenge;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a challenge counts. The SQL filter is a constant of the enum, never built from
 * input.
 */
public enum ChallengeMetric {

    TASKS_COMPLETED("tasks_completed", "completed", "task"),

    NOTES_CREATED("notes_created", "created", "note"),

    BOOKMARKS_CREATED("bookmarks_created", "created", "bookmark"),

    ITEMS_CREATED("items_created", "created", null);

    private final String value;

    private final String action;

    private final String kind;

    ChallengeMetric(String value, String action, String kind) {
        this.value = value;
        this.action = action;
        this.kind = kind;
    }

    public String value() {
        return this.value;
    }

    /** Whether an activity of {@code action} on a {@code kind} counts. */
    public boolean counts(String action, String kind) {
        return this.action.equals(action) && (this.kind == null || this.kind.equals(kind));
    }

    String action() {
        return this.action;
    }

    /** The kind counted, {@code null} for every kind. */
    String kind() {
        return this.kind;
    }

    public static Optional<ChallengeMetric> parse(String value) {
        return Arrays.stream(values()).filter((metric) -> metric.value.equals(value)).findFirst();
    }

}
