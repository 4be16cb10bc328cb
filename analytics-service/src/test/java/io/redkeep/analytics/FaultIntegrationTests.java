package io.redkeep.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A role going away: without the cache the dashboard is computed from PostgreSQL
 * ({@code BYPASS}); without the state role its reads answer 503, and ingestion resumes
 * from the stream afterwards, counting nothing twice.
 */
@Tag(TestTags.FAULT)
class FaultIntegrationTests extends AnalyticsIntegrationTest {

    @Autowired
    DatabaseClient db;

    @Test
    void cacheRoleDownDashboardsBypassTheCache() {
        UUID user = UUID.randomUUID();
        ingest("content", created(user, "note", List.of(), Instant.now()));
        CACHE.stop();
        try {
            var result = as(user).get()
                .uri("/api/analytics/dashboard")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult();
            assertThat(result.getResponseHeaders().getFirst("X-Cache")).isEqualTo("BYPASS");
            assertThat(json(result.getResponseBody()).get("totals").get("note").asLong()).isEqualTo(1);
        }
        finally {
            CACHE.start();
        }
    }

    @Test
    void stateRoleDownReadsAnswer503AndIngestionResumesAfterwards() {
        UUID user = UUID.randomUUID();
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(created(user, "task", List.of(), Instant.now()));
        }
        append("content", events.toArray(EventEnvelope[]::new));
        STATE.stop();
        try {
            as(user).get()
                .uri("/api/analytics/streak")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("service_unavailable");
        }
        finally {
            STATE.start();
        }
        await().atMost(Duration.ofSeconds(40))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> get(user, "/api/analytics/dashboard").get("totals").get("task").asLong() == 30);
        await().atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(() -> get(user, "/api/analytics/streak").get("current").asInt() == 1);
        Long rows = this.db.sql("select count(*) as n from activity where user_id = :u")
            .bind("u", user)
            .map((row, meta) -> row.get("n", Long.class))
            .one()
            .block(Duration.ofSeconds(5));
        assertThat(rows).isEqualTo(30);
        JsonNode dashboard = get(user, "/api/analytics/dashboard");
        assertThat(dashboard.get("perDay").get(6).get("task").asLong()).isEqualTo(30);
    }

}
