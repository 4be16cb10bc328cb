package io.redkeep.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Challenges and their leaderboards: ties go to the earlier achiever, only participants'
 * activity inside {@code [startsAt, endsAt)} counts (activity before joining included),
 * {@code me} with neighbours, names from {@code user.*} events.
 */
class ChallengeIntegrationTests extends AnalyticsIntegrationTest {

    @Test
    void theLeaderboardRanksParticipantsByCountThenByWhoGotThereFirst() {
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID cat = UUID.randomUUID();
        UUID dan = UUID.randomUUID();
        UUID eve = UUID.randomUUID();
        ingest("auth", userEvent("user.registered", ann, "Ann"), userEvent("user.registered", bob, "Bob"));
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Instant end = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        JsonNode challenge = createChallenge(ann, "Notes sprint", "notes_created", start, end);
        String id = challenge.get("id").asString();
        assertThat(challenge.get("participants").asLong()).isZero();
        assertThat(challenge.get("joined").asBoolean()).isFalse();
        assertThat(challenge.get("startsAt").asString()).matches(".*T.*\\.\\d{3}Z");
        assertThat(Instant.parse(challenge.get("startsAt").asString())).isEqualTo(start);

        for (UUID user : List.of(ann, bob, eve)) {
            join(user, id);
        }
        join(ann, id);
        ingest("content", created(ann, "note", List.of(), start.minusMillis(1)), // before
                                                                                 // the
                                                                                 // window
                created(ann, "note", List.of(), start), // the first counted moment
                created(bob, "note", List.of(), start.plus(5, ChronoUnit.MINUTES)),
                created(bob, "note", List.of(), start.plus(20, ChronoUnit.MINUTES)),
                created(ann, "note", List.of(), start.plus(30, ChronoUnit.MINUTES)),
                created(ann, "note", List.of(), end), // at the end: outside
                created(bob, "task", List.of(), start.plus(40, ChronoUnit.MINUTES)), // not
                                                                                     // the
                                                                                     // metric
                created(cat, "note", List.of(), start.plus(1, ChronoUnit.MINUTES)), // before
                                                                                    // joining
                created(dan, "note", List.of(), start.plus(1, ChronoUnit.MINUTES)), // never
                                                                                    // joins
                created(dan, "note", List.of(), start.plus(2, ChronoUnit.MINUTES)));
        as(cat, "user", "Cat").post().uri("/api/challenges/" + id + "/join").exchange().expectStatus().isNoContent();

        JsonNode board = get(ann, "/api/challenges/" + id + "/leaderboard");
        assertThat(board.get("total").asLong()).isEqualTo(4);
        JsonNode items = board.get("items");
        assertThat(items).hasSize(4);
        // Bob and Ann both have 2; Bob reached 2 at +20 min, Ann at +30 min.
        assertRow(items.get(0), 1, bob, "Bob", 2);
        assertRow(items.get(1), 2, ann, "Ann", 2);
        assertRow(items.get(2), 3, cat, "Cat", 1);
        assertRow(items.get(3), 4, eve, null, 0);

        JsonNode page = get(ann, "/api/challenges/" + id + "/leaderboard?limit=2&offset=2");
        assertThat(page.get("items")).hasSize(2);
        assertRow(page.get("items").get(0), 3, cat, "Cat", 1);

        JsonNode me = get(ann, "/api/challenges/" + id + "/leaderboard/me?around=1");
        assertThat(me.get("rank").asLong()).isEqualTo(2);
        assertThat(me.get("score").asLong()).isEqualTo(2);
        assertThat(me.get("neighbors")).hasSize(3);
        assertRow(me.get("neighbors").get(0), 1, bob, "Bob", 2);
        assertRow(me.get("neighbors").get(1), 2, ann, "Ann", 2);

        JsonNode shown = get(ann, "/api/challenges/" + id);
        assertThat(shown.get("participants").asLong()).isEqualTo(4);
        assertThat(shown.get("joined").asBoolean()).isTrue();
        assertThat(get(dan, "/api/challenges/" + id).get("joined").asBoolean()).isFalse();
        as(dan).get().uri("/api/challenges/" + id + "/leaderboard/me").exchange().expectStatus().isNotFound();

        // A later activity inside the window moves Ann ahead within 2 s.
        append("content", created(ann, "note", List.of(), Instant.now()));
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> get(ann, "/api/challenges/" + id + "/leaderboard/me").get("rank").asLong() == 1);

        // The board expires 30 days after the challenge ends.
        long ttl = state().pttl("tk:challenge:{" + id + "}:board");
        long expected = Duration.between(Instant.now(), end.plus(30, ChronoUnit.DAYS)).toMillis();
        assertThat((double) ttl).isCloseTo(expected, within(60_000.0));
        // So do the display names kept beside it.
        assertThat((double) state().pttl("tk:challenge:{" + id + "}:names")).isCloseTo(expected, within(60_000.0));

        // A new display name reaches the board.
        append("auth", userEvent("user.updated", bob, "Robert"));
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> get(ann, "/api/challenges/" + id + "/leaderboard").get("items")
                .valueStream()
                .anyMatch((row) -> row.get("userId").asString().equals(bob.toString())
                        && "Robert".equals(row.get("displayName").asString())));

        JsonNode list = get(eve, "/api/challenges?limit=100");
        assertThat(list.get("items").valueStream().map((item) -> item.get("id").asString())).contains(id);
    }

    @Test
    void unknownChallengesAreNotFound() {
        UUID user = UUID.randomUUID();
        for (String path : new String[] { "/" + UUID.randomUUID(), "/not-a-uuid", "/" + UUID.randomUUID() + "/join",
                "/" + UUID.randomUUID() + "/leaderboard" }) {
            if (path.endsWith("/join")) {
                as(user).post().uri("/api/challenges" + path).exchange().expectStatus().isNotFound();
            }
            else {
                as(user).get()
                    .uri("/api/challenges" + path)
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("not_found");
            }
        }
    }

    @Test
    void badInputIsRejected() {
        UUID user = UUID.randomUUID();
        Instant start = Instant.now();
        String id = createChallenge(user, "c", "items_created", start, start.plus(1, ChronoUnit.DAYS)).get("id")
            .asString();
        for (String query : new String[] { "limit=0", "limit=201", "limit=abc", "offset=-1", "offset=10001" }) {
            as(user).get()
                .uri(uri("/api/challenges/" + id + "/leaderboard?" + query))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed");
        }
        join(user, id);
        as(user).get()
            .uri(uri("/api/challenges/" + id + "/leaderboard/me?around=51"))
            .exchange()
            .expectStatus()
            .isBadRequest();
        as(user).post()
            .uri("/api/challenges")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("[1]")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("malformed_request");
        as(user).post()
            .uri("/api/challenges")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"x\",\"metric\":\"steps\",\"startsAt\":\"" + start + "\",\"endsAt\":\""
                    + start.minusSeconds(60) + "\"}")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("validation_failed")
            .jsonPath("$.errors.length()")
            .isEqualTo(2);
    }

    private void assertRow(JsonNode row, long rank, UUID user, String name, long score) {
        assertThat(row.get("rank").asLong()).isEqualTo(rank);
        assertThat(row.get("userId").asString()).isEqualTo(user.toString());
        if (name == null) {
            assertThat(row.get("displayName").asString()).isEqualTo("Tester");
        }
        else {
            assertThat(row.get("displayName").asString()).isEqualTo(name);
        }
        assertThat(row.get("score").asLong()).isEqualTo(score);
    }

    private void join(UUID user, String id) {
        as(user).post().uri("/api/challenges/" + id + "/join").exchange().expectStatus().isNoContent();
    }

    private JsonNode createChallenge(UUID user, String title, String metric, Instant start, Instant end) {
        String body = as(user).post()
            .uri("/api/challenges")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"" + title + "\",\"metric\":\"" + metric + "\",\"startsAt\":\"" + start
                    + "\",\"endsAt\":\"" + end + "\"}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        return json(body);
    }

}
