package io.redkeep.content;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** CRUD, validation, ownership, versions and paging of bookmarks, tasks and notes. */
class ItemCrudIntegrationTests extends ContentIntegrationTest {

    @Test
    void bookmarkLifecycle() {
        UUID user = UUID.randomUUID();
        JsonNode created = create(user, "bookmarks",
                "{\"url\":\"https://example.com/a\",\"title\":\"  Example  \",\"tags\":[\"Web\",\"dev\",\"WEB\"],\"unknown\":1}");
        String id = created.get("id").asString();
        assertThat(created.get("title").asString()).isEqualTo("Example");
        assertThat(created.get("description").asString()).isEmpty();
        assertThat(created.get("favorite").booleanValue()).isFalse();
        assertThat(created.get("tags").toString()).isEqualTo("[\"web\",\"dev\"]");
        assertThat(created.get("version").intValue()).isEqualTo(1);
        assertThat(created.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(UUID.fromString(id).version()).isEqualTo(7);

        as(user).get()
            .uri("/api/bookmarks/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(HttpHeaders.ETAG, "\"1\"")
            .expectBody()
            .jsonPath("$.url")
            .isEqualTo("https://example.com/a");

        as(user).patch()
            .uri("/api/bookmarks/" + id)
            .contentType(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.IF_MATCH, "\"1\"")
            .bodyValue("{\"favorite\":true,\"description\":\"d\"}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(HttpHeaders.ETAG, "\"2\"")
            .expectBody()
            .jsonPath("$.favorite")
            .isEqualTo(true)
            .jsonPath("$.title")
            .isEqualTo("Example")
            .jsonPath("$.version")
            .isEqualTo(2);

        as(user).patch()
            .uri("/api/bookmarks/" + id)
            .contentType(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.IF_MATCH, "\"1\"")
            .bodyValue("{\"archived\":true}")
            .exchange()
            .expectStatus()
            .isEqualTo(412)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("version_conflict");

        as(user).patch()
            .uri("/api/bookmarks/" + id)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"archived\":true}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.version")
            .isEqualTo(3);

        as(user).delete().uri("/api/bookmarks/" + id).exchange().expectStatus().isNoContent();
        as(user).delete().uri("/api/bookmarks/" + id).exchange().expectStatus().isNotFound();
        as(user).get().uri("/api/bookmarks/" + id).exchange().expectStatus().isNotFound();
    }

    @Test
    void othersItemsAreNotFound() {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String id = create(owner, "notes", "{\"title\":\"secret\",\"content\":\"x\"}").get("id").asString();
        as(other).get()
            .uri("/api/notes/" + id)
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("not_found");
        as(other).patch()
            .uri("/api/notes/" + id)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"mine\"}")
            .exchange()
            .expectStatus()
            .isNotFound();
        as(other).delete().uri("/api/notes/" + id).exchange().expectStatus().isNotFound();
        as(other).get()
            .uri("/api/notes")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.items.length()")
            .isEqualTo(0);
        as(owner).get().uri("/api/notes/" + id).exchange().expectStatus().isOk();
        as(owner).get().uri("/api/tasks/not-a-uuid").exchange().expectStatus().isNotFound();
        as(owner).get().uri("/api/widgets").exchange().expectStatus().isNotFound();
        as(owner).get().uri("/api/notes/" + id.replace(id.substring(0, 1), "f")).exchange().expectStatus().isNotFound();
    }

    @Test
    void validationFollowsTheSpec() {
        UUID user = UUID.randomUUID();
        expectFields(user, "bookmarks", "{\"url\":\"ftp://example.com\",\"title\":\"\"}", "url", "title");
        expectFields(user, "bookmarks", "{\"url\":\"https://e.com\",\"title\":\"" + "é".repeat(301) + "\"}", "title");
        create(user, "bookmarks", "{\"url\":\"https://e.com\",\"title\":\"" + "😀".repeat(300) + "\"}");
        expectFields(user, "bookmarks", "{\"url\":\"https://e.com\",\"title\":\"t\",\"favorite\":1}", "favorite");
        expectFields(user, "bookmarks", "{\"url\":\"https://e.com\",\"title\":\"t\",\"favorite\":\"true\"}",
                "favorite");
        expectFields(user, "bookmarks", "{\"url\":\"https://e.com/" + "a".repeat(2040) + "\",\"title\":\"t\"}", "url");
        expectFields(user, "notes", "{\"title\":123}", "title");
        expectFields(user, "notes", "{\"title\":\"a\\u0000b\"}", "title");
        expectFields(user, "notes", "{\"title\":\"t\",\"extra\":{\"deep\":[\"\\u0000\"]}}", "extra");
        expectFields(user, "notes", "{\"title\":\"t\",\"tags\":[\"a\\u0000\"]}", "tags");
        expectFields(user, "notes", "{\"title\":\" \\u00a0 \"}", "title");
        expectFields(user, "notes", "{\"content\":\"x\"}", "title");
        expectFields(user, "notes", "{\"title\":\"t\",\"content\":\"" + "x".repeat(100_001) + "\"}", "content");
        expectFields(user, "tasks", "{\"title\":\"t\",\"status\":\"done\",\"priority\":\"HIGH\"}", "status",
                "priority");
        expectFields(user, "tasks", "{\"title\":\"t\",\"dueAt\":\"tomorrow\"}", "dueAt");
        expectFields(user, "tasks", "{\"title\":\"t\",\"completedAt\":\"2026-01-01T00:00:00.000Z\"}", "completedAt");
        expectFields(user, "notes", "{\"title\":\"t\",\"tags\":[\"ok\",\"not ok\"]}", "tags");
        expectFields(user, "notes", "{\"title\":\"t\",\"tags\":[\"" + "a".repeat(41) + "\"]}", "tags");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("\"t" + i + "\"");
        }
        expectFields(user, "notes", "{\"title\":\"t\",\"tags\":[" + String.join(",", many) + "]}", "tags");
        expectFields(user, "notes", "{\"title\":\"t\",\"tags\":\"a,b\"}", "tags");

        for (String malformed : List.of("[1,2]", "\"text\"", "{\"title\":", "")) {
            as(user).post()
                .uri("/api/notes")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(malformed)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("malformed_request");
        }
        as(user).post()
            .uri("/api/notes")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"t\",\"content\":\"" + "x".repeat(1024 * 1024) + "\"}")
            .exchange()
            .expectStatus()
            .isEqualTo(413)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("payload_too_large");
        as(user).post()
            .uri("/api/notes")
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue("{\"title\":\"t\"}")
            .exchange()
            .expectStatus()
            .isEqualTo(415);
        for (String query : List.of("limit=0", "limit=101", "limit=abc", "limit=1.5", "cursor=nope", "tag=a%20b",
                "tag=a%00")) {
            as(user).get()
                .uri("/api/notes?" + query)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed");
        }
        as(user).get().uri("/api/tasks?status=open").exchange().expectStatus().isBadRequest();
    }

    @Test
    void taskCompletedAtFollowsStatus() {
        UUID user = UUID.randomUUID();
        JsonNode task = create(user, "tasks",
                "{\"title\":\"Ship\",\"priority\":\"high\",\"dueAt\":\"2026-12-24T18:00:00+02:00\"}");
        String id = task.get("id").asString();
        assertThat(task.get("status").asString()).isEqualTo("pending");
        assertThat(task.get("completedAt").isNull()).isTrue();
        assertThat(task.get("dueAt").asString()).isEqualTo("2026-12-24T16:00:00.000Z");

        JsonNode completed = patch(user, "tasks", id, "{\"status\":\"completed\"}");
        String completedAt = completed.get("completedAt").asString();
        assertThat(completedAt).isNotNull();
        JsonNode stillCompleted = patch(user, "tasks", id, "{\"status\":\"completed\",\"title\":\"Ship it\"}");
        assertThat(stillCompleted.get("completedAt").asString()).isEqualTo(completedAt);
        JsonNode reopened = patch(user, "tasks", id, "{\"status\":\"in_progress\",\"dueAt\":null}");
        assertThat(reopened.get("completedAt").isNull()).isTrue();
        assertThat(reopened.get("dueAt").isNull()).isTrue();

        JsonNode createdDone = create(user, "tasks", "{\"title\":\"Done\",\"status\":\"completed\"}");
        assertThat(createdDone.get("completedAt").isNull()).isFalse();
        as(user).get()
            .uri("/api/tasks?status=completed")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.items.length()")
            .isEqualTo(1)
            .jsonPath("$.items[0].title")
            .isEqualTo("Done");
    }

    @Test
    void pagesAreStableUnderConcurrentInserts() throws Exception {
        UUID user = UUID.randomUUID();
        Set<String> original = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            original.add(create(user, "notes",
                    "{\"title\":\"n" + i + "\",\"tags\":[\"" + ((i % 2 == 0) ? "even" : "odd") + "\"]}")
                .get("id")
                .asString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            do {
                JsonNode page = json(as(user).get()
                    .uri("/api/notes?limit=7" + ((cursor != null) ? "&cursor=" + cursor : ""))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody());
                page.get("items").forEach((item) -> seen.add(item.get("id").asString()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
                CompletableFuture
                    .allOf(CompletableFuture.runAsync(() -> create(user, "notes", "{\"title\":\"late\"}"), writers),
                            CompletableFuture.runAsync(() -> create(user, "notes", "{\"title\":\"later\"}"), writers))
                    .get();
            }
            while (cursor != null);
        }
        finally {
            writers.shutdown();
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(original);

        as(user).get()
            .uri("/api/notes?tag=EVEN&limit=100")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.items.length()")
            .isEqualTo(13);
        as(user).get()
            .uri("/api/tags")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.items[0].name")
            .isEqualTo("even")
            .jsonPath("$.items[0].count")
            .isEqualTo(13)
            .jsonPath("$.items[1].name")
            .isEqualTo("odd");
    }

    private JsonNode patch(UUID user, String plural, String id, String json) {
        return json(as(user).patch()
            .uri("/api/" + plural + "/" + id)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(json)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
    }

    private void expectFields(UUID user, String plural, String body, String... fields) {
        JsonNode problem = json(as(user).post()
            .uri("/api/" + plural)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
        assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
        List<String> named = new ArrayList<>();
        problem.get("errors").forEach((error) -> named.add(error.get("field").asString()));
        assertThat(named).as(body).containsExactlyInAnyOrder(fields);
    }

}
