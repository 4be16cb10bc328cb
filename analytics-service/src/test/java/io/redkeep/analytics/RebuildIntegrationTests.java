package io.redkeep.analytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The derived Redis state is rebuilt from PostgreSQL: the same leaderboards and streaks
 * after the keys were lost or damaged.
 */
class RebuildIntegrationTests extends AnalyticsIntegrationTest {

    @Test
    void rebuildReproducesLeaderboardsAndStreaks() {
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Instant start = Instant.now().minus(1, ChronoUnit.DAYS);
        String body = as(ann).post()
            .uri("/api/challenges")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"Rebuild\",\"metric\":\"items_created\",\"startsAt\":\"" + start
                    + "\",\"endsAt\":\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        String id = json(body).get("id").asString();
        as(ann).post().uri("/api/challenges/" + id + "/join").exchange().expectStatus().isNoContent();
        as(bob).post().uri("/api/challenges/" + id + "/join").exchange().expectStatus().isNoContent();
        ingest("content", created(ann, "note", List.of(), start.plusSeconds(1)),
                created(ann, "task", List.of(), Instant.now()), created(bob, "bookmark", List.of(), Instant.now()),
                created(bob, "file", List.of(), Instant.now().minusSeconds(5)));

        JsonNode board = get(ann, "/api/challenges/" + id + "/leaderboard");
        JsonNode annStreak = get(ann, "/api/analytics/streak");
        assertThat(board.get("total").asLong()).isEqualTo(2);
        assertThat(annStreak.get("current").asInt()).isEqualTo(2);

        // Lost and damaged derived state.
        state().del("tk:challenge:{" + id + "}:board");
        state().hset("tk:streak:{" + ann + "}", "current", "40");
        state().hset("tk:streak:{" + ann + "}", "version", "999999");
        assertThat(get(ann, "/api/challenges/" + id + "/leaderboard").get("total").asLong()).isZero();

        as(ann).post().uri("/api/analytics/admin/rebuild").exchange().expectStatus().isForbidden();
        JsonNode result = json(as(UUID.randomUUID(), "admin", "Admin").post()
            .uri("/api/analytics/admin/rebuild")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
        assertThat(result.get("leaderboards").asLong()).isPositive();
        assertThat(result.get("streaks").asLong()).isPositive();

        assertThat(get(ann, "/api/challenges/" + id + "/leaderboard")).isEqualTo(board);
        assertThat(get(ann, "/api/analytics/streak")).isEqualTo(annStreak);
        // Ingestion goes on from the rebuilt state.
        ingest("content", created(ann, "note", List.of(), Instant.now()));
        assertThat(get(ann, "/api/challenges/" + id + "/leaderboard/me").get("score").asLong()).isEqualTo(3);
    }

    @Test
    void rollupsAreRebuiltFromTheStreamsRetainedHistory() {
        UUID user = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        Instant now = Instant.now();
        ingest("content", created(user, "note", List.of("replay"), now.minus(3, ChronoUnit.DAYS)),
                content("content.created", user, "task", task, "t", List.of(), "open", now.minus(1, ChronoUnit.DAYS)),
                content("task.completed", user, "task", task, "t", List.of(), "completed", now),
                created(user, "bookmark", List.of(), now));
        JsonNode before = withoutTime(get(user, "/api/analytics/dashboard?range=30d"));
        JsonNode streak = get(user, "/api/analytics/streak");

        JsonNode result = json(as(UUID.randomUUID(), "admin", "Admin").post()
            .uri("/api/analytics/admin/rebuild?rollups=true")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
        assertThat(result.get("replayedEvents").asLong()).isGreaterThanOrEqualTo(4);

        // Nothing of the user's came through the consumers since: without the cache the
        // dashboard is recomputed from the replayed rollups.
        CACHE.flushAll();
        JsonNode after = withoutTime(get(user, "/api/analytics/dashboard?range=30d"));
        assertThat(after).isEqualTo(before);
        assertThat(get(user, "/api/analytics/streak")).isEqualTo(streak);
    }

    private static JsonNode withoutTime(JsonNode dashboard) {
        ((tools.jackson.databind.node.ObjectNode) dashboard).remove("generatedAt");
        return dashboard;
    }

}
