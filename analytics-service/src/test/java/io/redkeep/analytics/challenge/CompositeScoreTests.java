package io.redkeep.analytics.challenge;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompositeScoreTests {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aHigherCountAlwaysWinsWhateverTheTime() {
        Instant lastMoment = START.plus(Duration.ofDays(366));
        assertThat(CompositeScore.of(2, lastMoment, START)).isGreaterThan(CompositeScore.of(1, START, START));
    }

    @Test
    void equalCountsRankTheEarlierAchieverHigher() {
        double early = CompositeScore.of(5, START.plusMillis(1000), START);
        double late = CompositeScore.of(5, START.plusMillis(1001), START);
        assertThat(early).isGreaterThan(late);
    }

    @Test
    void theCountIsReadBackExactly() {
        for (long count : new long[] { 0, 1, 7, 1000, CompositeScore.MAX_COUNT }) {
            double composite = CompositeScore.of(count, START.plus(Duration.ofDays(200)), START);
            assertThat(CompositeScore.count(composite)).isEqualTo(count);
        }
    }

}
