package io.redkeep.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.redkeep.redis.event.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaks over UTC days from events, kept in {@code tk:streak:{userId}}.
 */
class StreakIntegrationTests extends AnalyticsIntegrationTest {

    @Test
    void aStreakCountsConsecutiveUtcDaysWhateverTheArrivalOrder() {
        UUID user = UUID.randomUUID();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        UUID item = UUID.randomUUID();
        List<EventEnvelope> events = new ArrayList<>();
        // 23:59:59.999 and 00:00:00.000 fall on different days.
        events
            .add(content("content.created", user, "note", item, "n", List.of(), null, at(today.minusDays(6), 23, 59)));
        events.add(content("content.updated", user, "note", item, "n", List.of(), null, at(today.minusDays(5), 0, 0)));
        events.add(created(user, "bookmark", List.of(), at(today.minusDays(4), 12, 0)));
        // A day with only a delete does not count.
        events.add(content("content.deleted", user, "note", item, "n", List.of(), null, at(today.minusDays(3), 9, 0)));
        events.add(created(user, "task", List.of(), at(today.minusDays(2), 9, 0)));
        events.add(content("task.completed", user, "task", UUID.randomUUID(), "t", List.of(), "completed",
                at(today.minusDays(1), 9, 0)));
        events.add(created(user, "note", List.of(), at(today, 0, 0)));
        Collections.shuffle(events);
        ingest("content", events.toArray(EventEnvelope[]::new));

        JsonNode streak = get(user, "/api/analytics/streak");
        assertThat(streak.get("current").asInt()).isEqualTo(3);
        assertThat(streak.get("longest").asInt()).isEqualTo(3);
        assertThat(streak.get("lastActiveDate").asString()).isEqualTo(today.toString());
        assertThat(hash("tk:streak:{" + user + "}")).containsEntry("longest", "3").containsEntry("current", "3");
        JsonNode fromDashboard = get(user, "/api/analytics/dashboard").get("streak");
        assertThat(fromDashboard).isEqualTo(streak);
    }

    @Test
    void aStreakEndingBeforeYesterdayIsNotCurrent() {
        UUID user = UUID.randomUUID();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ingest("content", created(user, "note", List.of(), at(today.minusDays(3), 10, 0)),
                created(user, "note", List.of(), at(today.minusDays(2), 10, 0)));
        JsonNode streak = get(user, "/api/analytics/streak");
        assertThat(streak.get("current").asInt()).isZero();
        assertThat(streak.get("longest").asInt()).isEqualTo(2);
        assertThat(streak.get("lastActiveDate").asString()).isEqualTo(today.minusDays(2).toString());
    }

    @Test
    void aUserWithoutActivityHasNoStreak() {
        JsonNode streak = get(UUID.randomUUID(), "/api/analytics/streak");
        assertThat(streak.get("current").asInt()).isZero();
        assertThat(streak.get("longest").asInt()).isZero();
        assertThat(streak.get("lastActiveDate").isNull()).isTrue();
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        Instant start = day.atTime(LocalTime.of(hour, minute)).toInstant(ZoneOffset.UTC);
        return (hour == 23 && minute == 59) ? start.plusSeconds(59).plusMillis(999) : start;
    }

}
