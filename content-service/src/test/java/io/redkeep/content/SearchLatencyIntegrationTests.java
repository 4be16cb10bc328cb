package io.redkeep.content;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.redkeep.content.search.SearchCache;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search over a few thousand items: a cache HIT must be clearly cheaper than a MISS (the
 * reason the cache exists). Prints the latencies it measured.
 */
class SearchLatencyIntegrationTests extends ContentIntegrationTest {

    private static final int ITEMS = 5000;

    private static final int ROUNDS = 30;

    @Autowired
    DatabaseClient db;

    @Autowired
    SearchCache searchCache;

    @Test
    void hitsAreMuchCheaperThanMisses() {
        UUID user = UUID.randomUUID();
        this.db.sql("INSERT INTO notes (id, user_id, title, content, tags, created_at, updated_at) "
                + "SELECT gen_random_uuid(), :user, 'Note ' || i || ' about ' || (ARRAY['redis','postgres','kafka','search'])[1 + i % 4], "
                + "repeat('Body text with several words about caching and databases. ', 20) || i, "
                + "ARRAY['t' || (i % 10)], now() - i * interval '1 second', now() - i * interval '1 second' "
                + "FROM generate_series(1, :items) AS i")
            .bind("user", user)
            .bind("items", ITEMS)
            .fetch()
            .rowsUpdated()
            .block();
        List<Long> misses = new ArrayList<>();
        List<Long> hits = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            this.searchCache.invalidate(user.toString()).block();
            misses.add(timed(user, "MISS"));
            hits.add(timed(user, "HIT"));
        }
        Collections.sort(misses);
        Collections.sort(hits);
        System.out.printf(
                "search over %d items, %d rounds: MISS p50 %.1f ms p90 %.1f ms; HIT p50 %.1f ms p90 %.1f ms%n", ITEMS,
                ROUNDS, millis(misses, 0.5), millis(misses, 0.9), millis(hits, 0.5), millis(hits, 0.9));
        assertThat(millis(hits, 0.5)).isLessThan(millis(misses, 0.5));
    }

    private long timed(UUID user, String expected) {
        long started = System.nanoTime();
        String outcome = as(user).get()
            .uri(uri("/api/search?q=caching%20redis"))
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders()
            .getFirst("X-Cache");
        long elapsed = System.nanoTime() - started;
        assertThat(outcome).isEqualTo(expected);
        return elapsed;
    }

    private static double millis(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * quantile))) / 1e6;
    }

}
