package io.redkeep.content;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis or PostgreSQL going away: searches bypass the cache, writes commit with their
 * events waiting in the outbox until Redis returns, and a missing database is a 503.
 */
@Tag(TestTags.FAULT)
class FaultIntegrationTests extends ContentIntegrationTest {

    @Test
    void redisDownBypassesTheCacheAndEventsArriveOnceAfterItReturns() throws Exception {
        UUID user = UUID.randomUUID();
        String before = create(user, "notes", "{\"title\":\"outage before\"}").get("id").asString();
        awaitEvents(user, 1);
        assertThat(searchResult(user, "q=outage").getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
        assertThat(searchResult(user, "q=outage").getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");

        REDIS.stop();
        List<String> created = new ArrayList<>();
        try {
            created.add(create(user, "notes", "{\"title\":\"outage one\"}").get("id").asString());
            created.add(create(user, "tasks", "{\"title\":\"outage two\"}").get("id").asString());
            as(user).patch()
                .uri("/api/tasks/" + created.get(1))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"completed\"}")
                .exchange()
                .expectStatus()
                .isOk();
            as(user).patch()
                .uri("/api/tasks/" + created.get(1))
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .bodyValue("{\"title\":\"rolled back\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(412);
            as(user).delete().uri("/api/notes/" + before).exchange().expectStatus().isNoContent();

            EntityExchangeResult<String> bypass = searchResult(user, "q=outage");
            assertThat(bypass.getResponseHeaders().getFirst("X-Cache")).isEqualTo("BYPASS");
            assertThat(ids(json(bypass.getResponseBody()))).containsExactlyInAnyOrderElementsOf(created);
        }
        finally {
            REDIS.start();
        }

        // content.created x1 before; while down: created x2, updated + task.completed,
        // deleted. The refused PATCH wrote nothing.
        List<JsonNode> events = awaitEvents(user, 6);
        assertThat(events.stream().map((event) -> event.get("type").asString()).toList()).containsExactly(
                "content.created", "content.created", "content.created", "content.updated", "task.completed",
                "content.deleted");
        assertThat(events.stream().map((event) -> event.get("id").asString()).distinct()).hasSize(6);
        JsonNode completed = events.get(4);
        assertThat(completed.get("source").asString()).isEqualTo("content-service");
        assertThat(completed.get("data").get("kind").asString()).isEqualTo("task");
        assertThat(completed.get("data").get("status").asString()).isEqualTo("completed");
        assertThat(completed.get("data").get("title").asString()).isEqualTo("outage two");
        Thread.sleep(1000);
        assertThat(readEvents(user)).as("nothing is published twice").hasSize(6);

        // The entry cached before the outage must not come back once Redis has.
        EntityExchangeResult<String> after = searchResult(user, "q=outage");
        assertThat(ids(json(after.getResponseBody()))).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void postgresDownIsServiceUnavailable() throws Exception {
        UUID user = UUID.randomUUID();
        create(user, "notes", "{\"title\":\"kept\"}");
        PostgresServer postgres = PostgresServer.shared();
        postgres.stop();
        try {
            as(user).get()
                .uri("/api/notes")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("service_unavailable");
            as(user).post()
                .uri("/api/notes")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\":\"lost\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(503);
            as(user).get().uri(uri("/api/search?q=kept")).exchange().expectStatus().isEqualTo(503);
        }
        finally {
            postgres.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = null;
        while (System.nanoTime() < deadline && body == null) {
            EntityExchangeResult<String> result = as(user).get()
                .uri("/api/notes")
                .exchange()
                .expectBody(String.class)
                .returnResult();
            if (result.getStatus().value() == 200) {
                body = result.getResponseBody();
            }
            else {
                Thread.sleep(250);
            }
        }
        assertThat(body).as("answers again once PostgreSQL is back").isNotNull();
        assertThat(json(body).get("items")).hasSize(1);
    }

    private List<JsonNode> awaitEvents(UUID user, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JsonNode> events = readEvents(user);
        while (events.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            events = readEvents(user);
        }
        assertThat(events).hasSize(expected);
        return events;
    }

    private List<JsonNode> readEvents(UUID user) {
        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<JsonNode> events = new ArrayList<>();
            for (StreamMessage<String, String> message : connection.sync()
                .xrange("tk:stream:content", Range.create("-", "+"))) {
                Map<String, String> body = message.getBody();
                JsonNode envelope = json(
                        body.values().stream().filter((value) -> value.startsWith("{")).findFirst().orElseThrow());
                if (user.toString().equals(envelope.get("userId").asString())) {
                    events.add(envelope);
                }
            }
            return events;
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
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
