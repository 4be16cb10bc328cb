package io.redkeep.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.redkeep.redis.event.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard of spec/http-api.md computed from events: totals of live items, created
 * per day (deletes do not rewrite the past), task completion, top tags, cache headers.
 */
class DashboardIntegrationTests extends AnalyticsIntegrationTest {

    @Test
    void theDashboardSummarisesTheUsersEvents() {
        UUID user = UUID.randomUUID();
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        UUID task = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        UUID oldBookmark = UUID.randomUUID();
        ingest("content", created(user, "note", List.of("alpha", "beta"), now.minus(2, ChronoUnit.DAYS)),
                created(user, "note", List.of("alpha"), now),
                content("content.created", user, "task", task, "t", List.of(), "open", now),
                content("content.updated", user, "task", task, "t", List.of(), "completed", now.plusMillis(1)),
                content("task.completed", user, "task", task, "t", List.of(), "completed", now.plusMillis(1)),
                created(user, "task", List.of(), now),
                content("content.created", user, "file", file, "f", List.of(), null, now.minus(1, ChronoUnit.DAYS)),
                content("content.deleted", user, "file", file, "f", List.of(), null, now),
                content("content.created", user, "bookmark", oldBookmark, "b", List.of(), null,
                        now.minus(10, ChronoUnit.DAYS)),
                content("content.deleted", user, "bookmark", oldBookmark, "b", List.of(), null, now));
        // Another user's events never show.
        ingest("content", created(UUID.randomUUID(), "note", List.of("alpha"), now));

        JsonNode dashboard = get(user, "/api/analytics/dashboard");
        assertThat(dashboard.get("range").asString()).isEqualTo("7d");
        assertThat(dashboard.get("from").asString()).isEqualTo(today.minusDays(6).toString());
        assertThat(dashboard.get("to").asString()).isEqualTo(today.toString());
        JsonNode totals = dashboard.get("totals");
        assertThat(List.of(totals.get("bookmark").asLong(), totals.get("task").asLong(), totals.get("note").asLong(),
                totals.get("file").asLong()))
            .containsExactly(0L, 2L, 2L, 0L);
        JsonNode perDay = dashboard.get("perDay");
        assertThat(perDay).hasSize(7);
        assertThat(perDay.get(0).get("date").asString()).isEqualTo(today.minusDays(6).toString());
        assertThat(perDay.get(4).get("note").asLong()).isEqualTo(1);
        // Deleted today, created yesterday: yesterday still shows it.
        assertThat(perDay.get(5).get("file").asLong()).isEqualTo(1);
        assertThat(perDay.get(6).get("note").asLong()).isEqualTo(1);
        assertThat(perDay.get(6).get("task").asLong()).isEqualTo(2);
        assertThat(perDay.get(1).get("note").asLong()).isZero();
        JsonNode tasks = dashboard.get("tasks");
        assertThat(tasks.get("completed").asLong()).isEqualTo(1);
        assertThat(tasks.get("open").asLong()).isEqualTo(1);
        assertThat(tasks.get("completionRate").asDouble()).isEqualTo(0.5);
        JsonNode topTags = dashboard.get("topTags");
        assertThat(topTags.get(0).get("tag").asString()).isEqualTo("alpha");
        assertThat(topTags.get(0).get("count").asLong()).isEqualTo(2);
        assertThat(topTags.get(1).get("tag").asString()).isEqualTo("beta");
        assertThat(dashboard.get("streak").get("current").asInt()).isEqualTo(3);
        assertThat(dashboard.get("generatedAt").asString())
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        JsonNode month = get(user, "/api/analytics/dashboard?range=30d");
        assertThat(month.get("perDay")).hasSize(30);
        assertThat(get(user, "/api/analytics/dashboard?range=90d").get("perDay")).hasSize(90);
    }

    @Test
    void aFreshUserHasZeroesAndNoRate() {
        JsonNode dashboard = get(UUID.randomUUID(), "/api/analytics/dashboard");
        assertThat(dashboard.get("tasks").get("completionRate").asDouble()).isZero();
        assertThat(dashboard.get("perDay")).hasSize(7);
        assertThat(dashboard.get("streak").get("lastActiveDate").isNull()).isTrue();
    }

    @Test
    void theSecondReadIsACacheHitAndAnEventMakesTheNextOneAMiss() {
        UUID user = UUID.randomUUID();
        assertThat(cacheHeader(user)).isEqualTo("MISS");
        assertThat(cacheHeader(user)).isEqualTo("HIT");
        EventEnvelope event = created(user, "note", List.of(), Instant.now());
        ingest("content", event);
        assertThat(cacheHeader(user)).isEqualTo("MISS");
    }

    @Test
    void anUnknownRangeIsAValidationError() {
        for (String range : new String[] { "1y", "7", "", "7D" }) {
            as(UUID.randomUUID()).get()
                .uri(uri("/api/analytics/dashboard?range=" + range))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed")
                .jsonPath("$.errors[0].field")
                .isEqualTo("range");
        }
    }

    private String cacheHeader(UUID user) {
        EntityExchangeResult<String> result = as(user).get()
            .uri("/api/analytics/dashboard")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
        return result.getResponseHeaders().getFirst("X-Cache");
    }

}
