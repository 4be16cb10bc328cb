package io.redkeep.analytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recommendations: the user's own older items, those sharing tags with recent activity
 * first; cached per user.
 */
class RecommendationIntegrationTests extends AnalyticsIntegrationTest {

    @Test
    void olderItemsSharingRecentTagsComeFirst() {
        UUID user = UUID.randomUUID();
        Instant now = Instant.now();
        UUID related = UUID.randomUUID();
        UUID unrelated = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        ingest("content",
                content("content.created", user, "note", related, "Kafka notes", List.of("streams"), null,
                        now.minus(20, ChronoUnit.DAYS)),
                content("content.created", user, "bookmark", unrelated, "Old recipe", List.of("food"), null,
                        now.minus(60, ChronoUnit.DAYS)),
                content("content.created", user, "note", deleted, "Gone", List.of("streams"), null,
                        now.minus(30, ChronoUnit.DAYS)),
                content("content.deleted", user, "note", deleted, "Gone", List.of("streams"), null,
                        now.minus(29, ChronoUnit.DAYS)),
                created(user, "note", List.of("streams"), now.minus(1, ChronoUnit.HOURS)),
                created(UUID.randomUUID(), "note", List.of("streams"), now.minus(40, ChronoUnit.DAYS)));

        EntityExchangeResult<String> first = as(user).get()
            .uri("/api/analytics/recommendations?limit=5")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
        assertThat(first.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
        JsonNode items = json(first.getResponseBody()).get("items");
        // The item touched an hour ago is not "worth revisiting" yet; deleted items
        // never.
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("id").asString()).isEqualTo(related.toString());
        assertThat(items.get(0).get("type").asString()).isEqualTo("note");
        assertThat(items.get(0).get("reason").asString()).contains("streams");
        assertThat(items.get(1).get("id").asString()).isEqualTo(unrelated.toString());
        assertThat(items.get(0).get("score").asDouble()).isGreaterThan(items.get(1).get("score").asDouble());

        EntityExchangeResult<String> second = as(user).get()
            .uri("/api/analytics/recommendations?limit=1")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
        assertThat(second.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
        assertThat(json(second.getResponseBody()).get("items")).hasSize(1);
        as(user).get().uri(uri("/api/analytics/recommendations?limit=101")).exchange().expectStatus().isBadRequest();
    }

}
