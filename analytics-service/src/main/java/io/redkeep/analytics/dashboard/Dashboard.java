package io.redkeep.analytics.dashboard;

import java.util.List;

import io.redkeep.analytics.streak.Streak;

/**
 * {@code GET /api/analytics/dashboard} as spec/http-api.md shapes it; also the cached
 * value.
 *
 * @param range {@code 7d}, {@code 30d} or {@code 90d}
 * @param from the first day of the range ({@code YYYY-MM-DD})
 * @param to the last day, today (UTC)
 * @param totals live items per kind, all time
 * @param perDay items created per day of the range, oldest first, zero days included
 * @param tasks task completion
 * @param streak the activity streak
 * @param topTags the user's most used tags on live items
 * @param generatedAt when this was computed
 */
public record Dashboard(String range, String from, String to, Totals totals, List<Day> perDay, Tasks tasks,
        Streak streak, List<TagCount> topTags, String generatedAt) {

    /** Counts per kind. */
    public record Totals(long bookmark, long task, long note, long file) {

    }

    /** Items created on one UTC day, per kind. */
    public record Day(String date, long bookmark, long task, long note, long file) {

    }

    /**
     * Completed and open tasks.
     *
     * @param completed live tasks with status {@code completed}
     * @param open other live tasks
     * @param completionRate completed / (completed + open), 0 when there are none
     */
    public record Tasks(long completed, long open, double completionRate) {

    }

    public record TagCount(String tag, long count) {

    }

}
