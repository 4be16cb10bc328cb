package io.redkeep.content;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Search relevance on a fixed corpus, snippets, paging and the per-user cache. */
class SearchIntegrationTests extends ContentIntegrationTest {

    private UUID user;

    private String streamsNote;

    private String postgresNote;

    private String redisBookmark;

    private String cachingTask;

    @BeforeEach
    void corpus() {
        this.user = UUID.randomUUID();
        this.streamsNote = create(this.user, "notes",
                "{\"title\":\"Redis streams guide\",\"content\":\"Consumer groups make streams durable. "
                        + "<script>alert(1)</script> & more\",\"tags\":[\"redis\",\"guide\"]}")
            .get("id")
            .asString();
        this.postgresNote = create(this.user, "notes",
                "{\"title\":\"Postgres tuning\",\"content\":\"Vacuum and indexes for fast queries\","
                        + "\"tags\":[\"postgres\"]}")
            .get("id")
            .asString();
        this.redisBookmark = create(this.user, "bookmarks",
                "{\"url\":\"https://redis.io/docs\",\"title\":\"Redis documentation\","
                        + "\"description\":\"Official docs for redis caching\",\"tags\":[\"redis\"]}")
            .get("id")
            .asString();
        this.cachingTask = create(this.user, "tasks",
                "{\"title\":\"Write caching layer\",\"description\":\"Use redis as a cache in front of postgres\","
                        + "\"tags\":[\"work\"]}")
            .get("id")
            .asString();
    }

    @Test
    void ranksAcrossKindsWithFacets() {
        JsonNode page = search("q=redis");
        assertThat(ids(page)).containsExactlyInAnyOrder(this.streamsNote, this.redisBookmark, this.cachingTask);
        assertThat(ids(page).get(2)).as("a description-only match ranks last").isEqualTo(this.cachingTask);
        assertThat(page.get("query").asString()).isEqualTo("redis");
        assertThat(page.get("facets").get("types").toString())
            .isEqualTo("{\"bookmark\":1,\"task\":1,\"note\":1,\"file\":0}");
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("score").doubleValue()).isPositive();
        assertThat(first.get("updatedAt").asString()).endsWith("Z");

        JsonNode notesOnly = search("q=redis&types=note");
        assertThat(ids(notesOnly)).containsExactly(this.streamsNote);
        assertThat(notesOnly.get("facets").get("types").get("bookmark").intValue()).isEqualTo(1);
        assertThat(notesOnly.get("items").get(0).get("type").asString()).isEqualTo("note");
        assertThat(notesOnly.get("items").get(0).get("tags").toString()).isEqualTo("[\"redis\",\"guide\"]");
    }

    @Test
    void webSearchSyntax() {
        assertThat(ids(search("q=%22consumer%20groups%22"))).containsExactly(this.streamsNote);
        assertThat(ids(search("q=%22groups%20consumer%22"))).isEmpty();
        assertThat(ids(search("q=redis%20-streams"))).containsExactlyInAnyOrder(this.redisBookmark, this.cachingTask);
        assertThat(ids(search("q=vacuum%20or%20documentation"))).containsExactlyInAnyOrder(this.postgresNote,
                this.redisBookmark);
        assertThat(ids(search("q=postg"))).containsExactlyInAnyOrder(this.postgresNote, this.cachingTask);
        assertThat(ids(search("q=redis%20docu"))).containsExactly(this.redisBookmark);
        assertThat(ids(search("q=caching"))).containsExactlyInAnyOrder(this.redisBookmark, this.cachingTask);
    }

    @Test
    void tagFilters() {
        assertThat(ids(search("q=redis&tags=guide"))).containsExactly(this.streamsNote);
        assertThat(ids(search("q=redis&tags=REDIS,guide"))).containsExactly(this.streamsNote);
        JsonNode tagged = search("q=redis&tags=redis");
        assertThat(ids(tagged)).containsExactlyInAnyOrder(this.streamsNote, this.redisBookmark);
        assertThat(tagged.get("facets").get("types").get("task").intValue()).isZero();
    }

    @Test
    void snippetsAreEscapedWithMarks() {
        JsonNode page = search("q=durable");
        assertThat(ids(page)).containsExactly(this.streamsNote);
        String snippet = page.get("items").get(0).get("snippet").asString();
        assertThat(snippet).contains("<mark>durable</mark>")
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
            .doesNotContain("<script>");
        assertThat(snippet.replace("<mark>", "").replace("</mark>", "")).doesNotContain("<").doesNotContain(">");
        String title = search("q=streams").get("items").get(0).get("snippet").asString();
        assertThat(title).contains("<mark>streams</mark>");
    }

    @Test
    void cursorPagesThroughEveryHitOnce() {
        List<String> all = ids(search("q=redis&limit=10"));
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = search("q=redis&limit=1" + ((cursor != null) ? "&cursor=" + cursor : ""));
            paged.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        }
        while (cursor != null && pages < 10);
        assertThat(paged).isEqualTo(all);
    }

    @Test
    void badRequestsAreRejected() {
        for (String query : List.of("", "q=", "q=%20%20", "q=" + "a".repeat(201), "q=redis&types=notes",
                "q=redis&types=note,", "q=redis&tags=bad%20tag", "q=redis&limit=0", "q=redis&cursor=x", "q=re%00dis")) {
            as(this.user).get()
                .uri(uri("/api/search?" + query))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed");
        }
    }

    @Test
    void readYourWritesWhileOtherUsersStayCached() {
        UUID other = UUID.randomUUID();
        create(other, "notes", "{\"title\":\"redis for the other user\"}");
        assertThat(cache(other, "q=redis")).isEqualTo("MISS");
        assertThat(cache(other, "q=redis")).isEqualTo("HIT");

        assertThat(cache(this.user, "q=redis")).isEqualTo("MISS");
        assertThat(cache(this.user, "q=redis")).isEqualTo("HIT");

        String added = create(this.user, "notes", "{\"title\":\"More redis\"}").get("id").asString();
        EntityExchangeResult<String> afterCreate = searchResult(this.user, "q=redis");
        assertThat(afterCreate.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
        assertThat(ids(json(afterCreate.getResponseBody()))).contains(added);
        assertThat(cache(other, "q=redis")).as("another user's cache is untouched").isEqualTo("HIT");

        as(this.user).patch()
            .uri("/api/notes/" + added)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"More valkey\"}")
            .exchange()
            .expectStatus()
            .isOk();
        assertThat(ids(search("q=redis"))).doesNotContain(added);
        assertThat(ids(search("q=valkey"))).containsExactly(added);
        assertThat(cache(this.user, "q=valkey")).isEqualTo("HIT");

        as(this.user).delete().uri("/api/notes/" + added).exchange().expectStatus().isNoContent();
        EntityExchangeResult<String> afterDelete = searchResult(this.user, "q=valkey");
        assertThat(afterDelete.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
        assertThat(ids(json(afterDelete.getResponseBody()))).isEmpty();
    }

    @Test
    void aHitAnswersTheBytesOfTheMiss() {
        EntityExchangeResult<String> miss = searchResult(this.user, "q=redis&limit=2");
        EntityExchangeResult<String> hit = searchResult(this.user, "q=redis&limit=2");
        assertThat(miss.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
        assertThat(hit.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
        assertThat(hit.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(hit.getResponseBody()).isEqualTo(miss.getResponseBody());
        JsonNode page = json(hit.getResponseBody());
        assertThat(page.get("query").asString()).isEqualTo("redis");
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("nextCursor").asString()).isNotBlank();
        assertThat(page.get("facets").get("types").get("note").asLong()).isPositive();
    }

    private JsonNode search(String query) {
        return json(searchResult(this.user, query).getResponseBody());
    }

    private String cache(UUID who, String query) {
        return searchResult(who, query).getResponseHeaders().getFirst("X-Cache");
    }

    private EntityExchangeResult<String> searchResult(UUID who, String query) {
        return as(who).get()
            .uri(uri("/api/search?" + query))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach((item) -> ids.add(item.get("id").asString()));
        return ids;
    }

}
