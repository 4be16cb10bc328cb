package io.redkeep.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.redkeep.redis.event.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trending tags: summed over hourly buckets, only tags used by at least 3 distinct users.
 */
class TrendingIntegrationTests extends AnalyticsIntegrationTest {

    @Test
    void onlyTagsOfAtLeastThreeUsersTrend() {
        String wide = "wide-" + UUID.randomUUID().toString().substring(0, 8);
        String narrow = "narrow-" + UUID.randomUUID().toString().substring(0, 8);
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(created(UUID.randomUUID(), "note", List.of(wide), Instant.now()));
        }
        UUID heavy = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            events.add(created(heavy, "note", List.of(narrow), Instant.now()));
        }
        events.add(created(other, "bookmark", List.of(narrow), Instant.now()));
        ingest("content", events.toArray(EventEnvelope[]::new));

        // A limit no other test uses, so no earlier cached answer is served.
        JsonNode trending = get(UUID.randomUUID(), "/api/trending/tags?limit=97");
        assertThat(trending.get("window").asString()).isEqualTo("24h");
        List<String> tags = trending.get("items").valueStream().map((item) -> item.get("tag").asString()).toList();
        assertThat(tags).contains(wide).doesNotContain(narrow);
        JsonNode item = trending.get("items")
            .valueStream()
            .filter((entry) -> entry.get("tag").asString().equals(wide))
            .findFirst()
            .orElseThrow();
        assertThat(item.get("score").asLong()).isEqualTo(3);
        assertThat(get(UUID.randomUUID(), "/api/trending/tags?window=1h&limit=96").get("items")
            .valueStream()
            .map((entry) -> entry.get("tag").asString())).contains(wide);
    }

    @Test
    void badWindowsAndLimitsAreRejected() {
        for (String query : new String[] { "window=2h", "window=24H", "limit=0", "limit=101", "limit=1.5" }) {
            as(UUID.randomUUID()).get()
                .uri(uri("/api/trending/tags?" + query))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed");
        }
    }

}
