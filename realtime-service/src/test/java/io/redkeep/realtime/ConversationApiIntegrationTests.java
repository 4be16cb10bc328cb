package io.redkeep.realtime;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST endpoints of realtime-service (spec/http-api.md). */
class ConversationApiIntegrationTests extends RealtimeIntegrationTest {

    @Test
    void createValidatesMembers() {
        List<UUID> users = users(2);
        UUID alice = users.get(0);
        post(alice, "/api/conversations", "{\"memberIds\":[]}", 400, "validation_failed");
        post(alice, "/api/conversations", "{\"memberIds\":[\"" + alice + "\"]}", 400, "validation_failed");
        post(alice, "/api/conversations", "{\"memberIds\":[\"" + UUID.randomUUID() + "\"]}", 400, "validation_failed");
        post(alice, "/api/conversations", "{\"memberIds\":\"nope\"}", 400, "validation_failed");
        post(alice, "/api/conversations", "{\"title\":5,\"memberIds\":[\"" + users.get(1) + "\"]}", 400,
                "validation_failed");
        post(alice, "/api/conversations", "[1]", 400, "malformed_request");
        post(alice, "/api/conversations", "{oops", 400, "malformed_request");
    }

    @Test
    void aTwoPersonConversationWithoutTitleIsReused() {
        List<UUID> users = users(2);
        String body = "{\"memberIds\":[\"" + users.get(1) + "\"]}";
        JsonNode first = post(users.get(0), "/api/conversations", body, 201, null);
        JsonNode again = post(users.get(1), "/api/conversations", "{\"memberIds\":[\"" + users.get(0) + "\"]}", 200,
                null);
        assertThat(again.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(first.get("members")).hasSize(2);
        assertThat(first.get("lastMessage").isNull()).isTrue();
        assertThat(first.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void restSendHistoryReadAndList() {
        List<UUID> users = users(3);
        UUID alice = users.get(0);
        UUID bob = users.get(1);
        UUID conversation = conversation(alice, "rest", bob);
        String path = "/api/conversations/" + conversation + "/messages";
        for (int i = 1; i <= 5; i++) {
            JsonNode message = post(alice, path, "{\"body\":\"m" + i + "\",\"clientMsgId\":\"c" + i + "\"}", 201, null);
            assertThat(message.get("seq").asLong()).isEqualTo(i);
        }
        JsonNode repeat = post(alice, path, "{\"body\":\"other\",\"clientMsgId\":\"c3\"}", 200, null);
        assertThat(repeat.get("seq").asLong()).isEqualTo(3);
        assertThat(repeat.get("body").asString()).isEqualTo("m3");
        post(alice, path, "{\"body\":\"\",\"clientMsgId\":\"c9\"}", 400, "validation_failed");
        post(alice, path, "{\"body\":\"x\"}", 400, "validation_failed");
        post(users.get(2), path, "{\"body\":\"x\",\"clientMsgId\":\"s1\"}", 404, "not_found");

        assertThat(seqs(get(bob, path + "?limit=2"))).containsExactly(4L, 5L);
        assertThat(seqs(get(bob, path + "?afterSeq=1&limit=2"))).containsExactly(2L, 3L);
        assertThat(seqs(get(bob, path + "?beforeSeq=3"))).containsExactly(1L, 2L);
        assertThat(seqs(get(bob, path))).containsExactly(1L, 2L, 3L, 4L, 5L);
        getStatus(bob, path + "?limit=0", 400);
        getStatus(bob, path + "?limit=101", 400);
        getStatus(bob, path + "?afterSeq=abc", 400);
        getStatus(users.get(2), path, 404);
        getStatus(bob, "/api/conversations/not-a-uuid/messages", 404);

        JsonNode list = get(bob, "/api/conversations");
        JsonNode item = list.get("items").get(0);
        assertThat(item.get("id").asString()).isEqualTo(conversation.toString());
        assertThat(item.get("unread").asLong()).isEqualTo(5);
        assertThat(item.get("lastMessage").get("seq").asLong()).isEqualTo(5);
        assertThat(list.get("nextCursor").isNull()).isTrue();
        assertThat(get(alice, "/api/conversations").get("items").get(0).get("unread").asLong()).isZero();

        A.as(bob)
            .post()
            .uri("/api/conversations/" + conversation + "/read")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"seq\":4}")
            .exchange()
            .expectStatus()
            .isNoContent();
        assertThat(get(bob, "/api/conversations").get("items").get(0).get("unread").asLong()).isEqualTo(1);
        post(bob, "/api/conversations/" + conversation + "/read", "{\"seq\":\"4\"}", 400, "validation_failed");
    }

    @Test
    void listPagesByMostRecentActivity() {
        List<UUID> users = users(4);
        UUID owner = users.get(0);
        UUID first = conversation(owner, "one", users.get(1));
        UUID second = conversation(owner, "two", users.get(2));
        UUID third = conversation(owner, "three", users.get(3));
        post(owner, "/api/conversations/" + first + "/messages", "{\"body\":\"bump\",\"clientMsgId\":\"b1\"}", 201,
                null);
        JsonNode page1 = get(owner, "/api/conversations?limit=2");
        assertThat(ids(page1)).containsExactly(first.toString(), third.toString());
        String cursor = page1.get("nextCursor").asString();
        JsonNode page2 = get(owner, "/api/conversations?limit=2&cursor=" + cursor);
        assertThat(ids(page2)).containsExactly(second.toString());
        assertThat(page2.get("nextCursor").isNull()).isTrue();
        getStatus(owner, "/api/conversations?cursor=garbage", 400);
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").valueStream().map((item) -> item.get("id").asString()).toList();
    }

    private static List<Long> seqs(JsonNode page) {
        return page.get("items").valueStream().map((item) -> item.get("seq").asLong()).toList();
    }

    static JsonNode post(UUID user, String path, String body, int status, String code) {
        String response = A.as(user)
            .post()
            .uri(path)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        JsonNode json = MAPPER.readTree(response);
        if (code != null) {
            assertThat(json.get("code").asString()).isEqualTo(code);
        }
        return json;
    }

    static JsonNode get(UUID user, String path) {
        return MAPPER.readTree(B.as(user)
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
    }

    static void getStatus(UUID user, String path, int status) {
        B.as(user).get().uri(path).exchange().expectStatus().isEqualTo(status);
    }

}
