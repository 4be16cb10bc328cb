package io.redkeep.content.search;

import java.util.UUID;

import io.redkeep.content.ContentIntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans search gets from PostgreSQL (found by the bench module's content benchmark):
 * a word that is in most items must be matched by filtering the user's own rows, not by
 * reading the word's GIN posting list across every user. That needs the planner to see
 * the searched words, in the statement itself and on every execution (no generic plan).
 */
class SearchPlanIntegrationTests extends ContentIntegrationTest {

    private static final int OTHER_USERS = 300;

    private static final int BOOKMARKS_PER_OTHER_USER = 40;

    private static final int BOOKMARKS_OF_USER = 1000;

    private static final String COMMON_WORD = "zyquorp";

    private static final String SEED = "INSERT INTO bookmarks (id, user_id, url, title, description, tags, created_at, "
            + "updated_at) SELECT gen_random_uuid(), (:prefix || lpad((i % :users)::text, 12, '0'))::uuid, "
            + "'https://example.com/' || i, 'Plan bookmark ' || i, "
            + ":word || ' is in every one of these bookmarks, then ' || md5(i::text), '{}', now(), now() "
            + "FROM generate_series(1, :rows) AS i";

    @Autowired
    DatabaseClient db;

    @Autowired
    SearchStore store;

    @Test
    void aWordInMostItemsIsFilteredFromTheUsersRowsNotLookedUpAcrossEveryUser() {
        // A user with many bookmarks among many users, all with the word (other test
        // classes add few bookmarks): the word's posting list spans every user, so
        // reading it costs far more than checking the user's own rows.
        String others = UUID.randomUUID().toString().substring(0, 24);
        String prefix = UUID.randomUUID().toString().substring(0, 24);
        UUID user = UUID.fromString(prefix + "000000000000");
        StepVerifier
            .create(seed(others, OTHER_USERS, OTHER_USERS * BOOKMARKS_PER_OTHER_USER)
                .then(seed(prefix, 1, BOOKMARKS_OF_USER))
                .then(this.db.sql("ANALYZE bookmarks").then()))
            .verifyComplete();
        LinkedMultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("q", COMMON_WORD);
        SearchRequest request = SearchRequest.of(params);

        StepVerifier
            .create(this.store.hitsStatement("EXPLAIN ", user, request)
                .map((row) -> row.get(0, String.class))
                .all()
                .collectList())
            .assertNext((plan) -> assertThat(String.join("\n", plan)).contains(" on bookmarks")
                .doesNotContain("bookmarks_search"))
            .verifyComplete();
        StepVerifier.create(this.store.facets(user, request))
            .assertNext((facets) -> assertThat(facets).containsEntry("bookmark", (long) BOOKMARKS_OF_USER))
            .verifyComplete();
        StepVerifier.create(this.store.hits(user, request).collectList())
            .assertNext((hits) -> assertThat(hits).hasSize(request.limit() + 1))
            .verifyComplete();
    }

    @Test
    void everyExecutionIsPlannedWithItsValues() {
        // The driver keeps statements prepared; PostgreSQL's default would switch a
        // statement run five times to a generic plan, blind to the words searched.
        StepVerifier.create(this.db.sql("SHOW plan_cache_mode").fetch().all().collectList())
            .assertNext((rows) -> assertThat(rows).singleElement()
                .satisfies((row) -> assertThat(row).containsValue("force_custom_plan")))
            .verifyComplete();
    }

    private Mono<Void> seed(String userPrefix, int users, int rows) {
        return this.db.sql(SEED)
            .bind("prefix", userPrefix)
            .bind("users", users)
            .bind("word", COMMON_WORD)
            .bind("rows", rows)
            .fetch()
            .rowsUpdated()
            .then();
    }

}
