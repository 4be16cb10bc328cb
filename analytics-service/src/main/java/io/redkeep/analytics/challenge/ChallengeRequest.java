package io.redkeep.analytics.challenge;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemException;
import tools.jackson.databind.JsonNode;

/**
 * A validated {@code POST /api/challenges} body: every field error is reported at once.
 *
 * @param title 1 to 200 code points after trimming
 * @param metric what counts
 * @param startsAt the window's start, may be in the past
 * @param endsAt after {@code startsAt}, in the future, at most 366 days later
 */
public record ChallengeRequest(String title, ChallengeMetric metric, Instant startsAt, Instant endsAt) {

    static final int MAX_TITLE = 200;

    static final Duration MAX_WINDOW = Duration.ofDays(366);

    /** Reads and validates {@code body} against {@code now}. */
    public static ChallengeRequest parse(JsonNode body, Instant now) {
        List<FieldProblem> errors = new ArrayList<>();
        String title = null;
        JsonNode titleNode = body.get("title");
        if (titleNode == null || !titleNode.isString()) {
            errors.add(new FieldProblem("title", "must be a string of 1 to " + MAX_TITLE + " characters"));
        }
        else {
            title = titleNode.asString().strip();
            int length = title.codePointCount(0, title.length());
            if (length < 1 || length > MAX_TITLE || title.indexOf('\0') >= 0) {
                errors.add(new FieldProblem("title", "must be a string of 1 to " + MAX_TITLE + " characters"));
            }
        }
        ChallengeMetric metric = null;
        JsonNode metricNode = body.get("metric");
        if (metricNode != null && metricNode.isString()) {
            metric = ChallengeMetric.parse(metricNode.asString()).orElse(null);
        }
        if (metric == null) {
            errors.add(new FieldProblem("metric",
                    "must be one of tasks_completed, notes_created, bookmarks_created, items_created"));
        }
        Instant startsAt = instant(body, "startsAt", errors);
        Instant endsAt = instant(body, "endsAt", errors);
        if (startsAt != null && endsAt != null) {
            if (!endsAt.isAfter(startsAt)) {
                errors.add(new FieldProblem("endsAt", "must be after startsAt"));
            }
            else if (Duration.between(startsAt, endsAt).compareTo(MAX_WINDOW) > 0) {
                errors.add(new FieldProblem("endsAt", "must be at most 366 days after startsAt"));
            }
            else if (!endsAt.isAfter(now)) {
                errors.add(new FieldProblem("endsAt", "must be in the future"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new ChallengeRequest(title, metric, startsAt, endsAt);
    }

    private static Instant instant(JsonNode body, String field, List<FieldProblem> errors) {
        JsonNode node = body.get(field);
        if (node == null || !node.isString()) {
            errors.add(new FieldProblem(field, "must be an RFC 3339 timestamp"));
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(node.asString()).toInstant();
        }
        catch (DateTimeParseException ex) {
            errors.add(new FieldProblem(field, "must be an RFC 3339 timestamp"));
            return null;
        }
    }

}
