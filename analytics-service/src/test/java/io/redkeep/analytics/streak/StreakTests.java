package io.redkeep.analytics.streak;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreakTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);

    @Test
    void runsAcrossMonthBoundariesAreConsecutive() {
        Streak streak = Streak.of(List.of(LocalDate.of(2026, 2, 27), LocalDate.of(2026, 2, 28), TODAY)).asOf(TODAY);
        assertThat(streak).isEqualTo(new Streak(3, 3, "2026-03-01"));
    }

    @Test
    void aGapStartsANewRunAndLongestIsKept() {
        List<LocalDate> days = List.of(TODAY.minusDays(9), TODAY.minusDays(8), TODAY.minusDays(7), TODAY.minusDays(5),
                TODAY.minusDays(1));
        assertThat(Streak.of(days).asOf(TODAY)).isEqualTo(new Streak(1, 3, TODAY.minusDays(1).toString()));
    }

    @Test
    void theCurrentRunLapsesOnceAWholeDayWasMissed() {
        List<LocalDate> days = List.of(TODAY.minusDays(3), TODAY.minusDays(2));
        assertThat(Streak.of(days).asOf(TODAY.minusDays(1)).current()).isEqualTo(2);
        assertThat(Streak.of(days).asOf(TODAY)).isEqualTo(new Streak(0, 2, TODAY.minusDays(2).toString()));
    }

    @Test
    void noDaysIsNoStreak() {
        assertThat(Streak.of(List.of()).asOf(TODAY)).isEqualTo(Streak.NONE);
    }

}
