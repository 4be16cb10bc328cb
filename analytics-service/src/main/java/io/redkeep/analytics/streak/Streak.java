package io.redkeep.analytics.streak;

import java.time.LocalDate;
import java.util.List;

/**
 * A run of UTC days with activity, as the API shows it.
 *
 * @param current consecutive active days ending today or yesterday (0 once a whole day
 * passed without activity)
 * @param longest the longest run ever
 * @param lastActiveDate the last active day ({@code YYYY-MM-DD}), {@code null} when none
 */
public record Streak(int current, int longest, String lastActiveDate) {

    public static final Streak NONE = new Streak(0, 0, null);

    /**
     * The streak of {@code days} (ascending, distinct), with the run ending at the last
     * active day as current; {@link #asOf} lapses it once a day was missed.
     */
    public static Streak of(List<LocalDate> days) {
        if (days.isEmpty()) {
            return NONE;
        }
        int longest = 0;
        int run = 0;
        LocalDate previous = null;
        for (LocalDate day : days) {
            run = (previous != null && previous.plusDays(1).equals(day)) ? run + 1 : 1;
            longest = Math.max(longest, run);
            previous = day;
        }
        return new Streak(run, longest, previous.toString());
    }

    /** This streak seen on {@code today}: the current run lapses after a missed day. */
    public Streak asOf(LocalDate today) {
        if (this.lastActiveDate == null) {
            return this;
        }
        LocalDate last = LocalDate.parse(this.lastActiveDate);
        return last.isBefore(today.minusDays(1)) ? new Streak(0, this.longest, this.lastActiveDate) : this;
    }

}
