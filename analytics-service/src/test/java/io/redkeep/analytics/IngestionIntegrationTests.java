package io.redkeep.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.redkeep.analytics.ingest.EventIngestion;
import io.redkeep.redis.event.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events appended to the streams reach the rollups once: within 2 s on the dashboard,
 * duplicates ignored, nothing lost when a consumer dies mid-batch, poison dead-lettered.
 */
class IngestionIntegrationTests extends AnalyticsIntegrationTest {

    @Autowired
    EventIngestion ingestion;

    @Autowired
    DatabaseClient db;

    @Test
    void anEventShowsOnTheDashboardWithinTwoSeconds() {
        UUID user = UUID.randomUUID();
        JsonNode before = get(user, "/api/analytics/dashboard");
        assertThat(before.get("totals").get("note").asLong()).isZero();
        // Cached now: the event must invalidate it.
        assertThat(as(user).get()
            .uri("/api/analytics/dashboard")
            .exchange()
            .returnResult(String.class)
            .getResponseHeaders()
            .getFirst("X-Cache")).isEqualTo("HIT");

        append("content", created(user, "note", List.of("x"), Instant.now()));
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> get(user, "/api/analytics/dashboard").get("totals").get("note").asLong() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void theSameEventDeliveredTwiceCountsOnce() {
        UUID user = UUID.randomUUID();
        EventEnvelope event = created(user, "bookmark", List.of(), Instant.now());
        append("content", event, event);
        EventEnvelope marker = created(user, "note", List.of(), Instant.now());
        append("content", marker);
        awaitTotals(user, "note", 1);
        // Even with the Redis once-marker gone, PostgreSQL's record of the id stops a
        // third delivery.
        state().del("tk:seen:analytics:{" + event.id() + "}");
        append("content", event);
        EventEnvelope marker2 = created(user, "task", List.of(), Instant.now());
        append("content", marker2);
        awaitTotals(user, "task", 1);
        JsonNode dashboard = get(user, "/api/analytics/dashboard");
        assertThat(dashboard.get("totals").get("bookmark").asLong()).isEqualTo(1);
        assertThat(dashboard.get("perDay").get(6).get("bookmark").asLong()).isEqualTo(1);
    }

    @Test
    void aConsumerKilledMidBatchLosesNothingAndCountsNothingTwice() {
        UUID user = UUID.randomUUID();
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(created(user, "note", List.of(), Instant.now()));
        }
        try {
            append("content", events.toArray(EventEnvelope[]::new));
            // Dies while the batch is being handled: in-flight entries stay pending.
            this.ingestion.kill();
        }
        finally {
            this.ingestion.start();
        }
        // The new consumers pick up the rest and reclaim the dead one's entries.
        await().atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> get(user, "/api/analytics/dashboard").get("totals").get("note").asLong() == 60);
        Long rows = this.db.sql("select count(*) as n from activity where user_id = :u")
            .bind("u", user)
            .map((row, meta) -> row.get("n", Long.class))
            .one()
            .block(Duration.ofSeconds(5));
        assertThat(rows).isEqualTo(60);
        assertThat(get(user, "/api/analytics/dashboard").get("perDay").get(6).get("note").asLong()).isEqualTo(60);
    }

    @Test
    void aPoisonEventIsDeadLetteredAndIngestionGoesOn() {
        UUID user = UUID.randomUUID();
        // A content event without a kind fails every attempt.
        EventEnvelope poison = new EventEnvelope(io.redkeep.redis.event.EventIds.next(), "content.created", 1,
                Instant.now(), "content-service", user.toString(), null, this.mapper.createObjectNode());
        append("content", poison);
        append("content", created(user, "file", List.of(), Instant.now()));
        awaitTotals(user, "file", 1);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<StreamMessage<String, String>> dead = state().xrange("tk:stream:dead", Range.create("-", "+"));
            return dead.stream()
                .map(StreamMessage::getBody)
                .anyMatch((Map<String, String> body) -> body.getOrDefault("envelope", "").contains(poison.id())
                        && "analytics".equals(body.get("group")));
        });
    }

    @Test
    void displayNamesComeFromUserEvents() {
        UUID user = UUID.randomUUID();
        append("auth", userEvent("user.registered", user, "First"), userEvent("user.updated", user, "Second"));
        await().atMost(Duration.ofSeconds(5))
            .until(() -> "Second".equals(this.db.sql("select display_name from user_profile where user_id = :u")
                .bind("u", user)
                .map((row, meta) -> row.get("display_name", String.class))
                .one()
                .block(Duration.ofSeconds(5))));
    }

    private void awaitTotals(UUID user, String kind, long expected) {
        await().atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> get(user, "/api/analytics/dashboard").get("totals").get(kind).asLong() == expected);
    }

}
