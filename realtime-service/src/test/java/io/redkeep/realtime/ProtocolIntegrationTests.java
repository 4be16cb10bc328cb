package io.redkeep.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad-input row and limit of spec/realtime.md, and the small frames. */
class ProtocolIntegrationTests extends RealtimeIntegrationTest {

    private static final Duration SHORT = Duration.ofSeconds(5);

    @Test
    void anUnauthenticatedUpgradeIsRefusedWith401Problem() {
        upgrade(A.anonymousClient()).expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("unauthenticated");
    }

    @Test
    void theEleventhConnectionOfAUserIsRefusedWith429BeforeTheUpgrade() {
        UUID user = users(1).get(0);
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                // Spread over both instances: the limit is per user, not per instance.
                open.add(connected((i % 2 == 0) ? A : B, user));
            }
            upgrade(B.as(user)).expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("too_many_connections");
        }
        finally {
            open.forEach(WsClient::close);
        }
    }

    @Test
    void badFramesAreAnsweredWithErrorsAndTheConnectionStaysOpen() {
        List<UUID> users = users(3);
        UUID conversation = conversation(users.get(0), "bad input", users.get(1));
        UUID foreign = conversation(users.get(1), "foreign", users.get(2));
        try (WsClient client = connected(A, users.get(0))) {
            client.sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] { 1, 2, 3 })));
            assertError(client, "malformed_request", null);
            client.send("not json");
            assertError(client, "malformed_request", null);
            client.send("[1,2]");
            assertError(client, "malformed_request", null);
            client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(17 * 1024) + "\"}");
            assertError(client, "malformed_request", null);
            client.send("{\"type\":\"shout\"}");
            assertError(client, "validation_failed", "shout");
            client.send("{\"type\":\"subscribe\"}");
            assertError(client, "validation_failed", "subscribe");
            client.send("{\"type\":\"subscribe\",\"conversationId\":\"not-a-uuid\"}");
            assertError(client, "validation_failed", "subscribe");
            client.send("{\"type\":\"subscribe\",\"conversationId\":\"" + conversation + "\",\"afterSeq\":\"1\"}");
            assertError(client, "validation_failed", "subscribe");
            // A valid frame between bad ones: ten in a row would close the connection.
            client.send(frame("ping"));
            client.await("pong", WAIT);
            client.send(send(conversation, "x".repeat(4001), "too-long"));
            assertError(client, "validation_failed", "too-long");
            client.send(send(conversation, "", "empty"));
            assertError(client, "validation_failed", "empty");
            client.send(send(conversation, "hi", "x".repeat(65)));
            assertError(client, "validation_failed", "x".repeat(65));
            client.send("{\"type\":\"send\",\"conversationId\":\"" + conversation + "\",\"body\":\"hi\"}");
            assertError(client, "validation_failed", "send");
            client.send(send(foreign, "hi", "not-mine"));
            assertError(client, "not_found", "not-mine");
            client.send(subscribe(foreign, null));
            assertError(client, "not_found", "subscribe");
            client.send(frame("ping"));
            client.await("pong", WAIT);
            client.send(send(conversation, "still open", "ok-1"));
            assertThat(client.await("ack", WAIT).get("message").get("seq").asLong()).isEqualTo(1);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void tenBadFramesInARowCloseWith1008AndAValidFrameResetsTheCount() {
        UUID user = users(1).get(0);
        try (WsClient client = connected(A, user)) {
            for (int i = 0; i < 9; i++) {
                client.send("nope");
                assertError(client, "malformed_request", null);
            }
            client.send(frame("ping"));
            client.await("pong", WAIT);
            for (int i = 0; i < 9; i++) {
                client.send("{\"type\":\"unknown\"}");
                assertError(client, "validation_failed", "unknown");
            }
            assertThat(client.isClosed()).isFalse();
            client.send("{\"type\":\"unknown\"}");
            assertThat(client.awaitClose(WAIT)).isEqualTo(1008);
        }
    }

    @Test
    void sendsBeyondTheBurstAreRateLimited() {
        List<UUID> users = users(2);
        UUID conversation = conversation(users.get(0), "rate", users.get(1));
        try (WsClient client = connected(A, users.get(0))) {
            for (int i = 0; i < 80; i++) {
                client.send(send(conversation, "m" + i, "rate-" + i));
            }
            int acks = 0;
            int limited = 0;
            for (int i = 0; i < 80; i++) {
                JsonNode frame = client.await((f) -> !"pong".equals(f.path("type").asString()), WAIT);
                if ("ack".equals(frame.path("type").asString())) {
                    acks++;
                }
                else {
                    assertThat(frame.get("code").asString()).isEqualTo("rate_limited");
                    assertThat(frame.get("ref").asString()).startsWith("rate-");
                    limited++;
                }
            }
            // The burst of 40 plus what 20/s refilled while the frames were handled.
            assertThat(acks).isBetween(40, 79);
            assertThat(limited).isEqualTo(80 - acks);
            // Rate-limited frames do not count as bad frames: the connection is open.
            client.send(frame("ping"));
            client.await("pong", WAIT);
        }
    }

    @Test
    void typingReachesOtherSubscribedMembersOnly() {
        List<UUID> users = users(2);
        UUID conversation = conversation(users.get(0), "typing", users.get(1));
        try (WsClient a = connected(A, users.get(0)); WsClient b = connected(B, users.get(1))) {
            subscribed(a, conversation, null);
            subscribed(b, conversation, null);
            a.send(frame("typing").put("conversationId", conversation.toString()));
            JsonNode typing = b.await("typing", WAIT);
            assertThat(typing.get("conversationId").asString()).isEqualTo(conversation.toString());
            assertThat(typing.get("userId").asString()).isEqualTo(users.get(0).toString());
            assertThat(a.drain(Duration.ofMillis(500))).noneMatch((f) -> "typing".equals(f.path("type").asString()));
        }
    }

    @Test
    void unsubscribeStopsDelivery() {
        List<UUID> users = users(2);
        UUID conversation = conversation(users.get(0), "unsub", users.get(1));
        try (WsClient a = connected(A, users.get(0)); WsClient b = connected(B, users.get(1))) {
            subscribed(b, conversation, null);
            b.send(frame("unsubscribe").put("conversationId", conversation.toString()));
            assertThat(b.await("unsubscribed", WAIT).get("conversationId").asString())
                .isEqualTo(conversation.toString());
            a.send(send(conversation, "after", "u-1"));
            a.await("ack", WAIT);
            assertThat(b.drain(Duration.ofMillis(800))).noneMatch((f) -> "message".equals(f.path("type").asString()));
        }
    }

    private static void assertError(WsClient client, String code, String ref) {
        JsonNode error = client.await("error", SHORT);
        assertThat(error.get("code").asString()).isEqualTo(code);
        if (ref == null) {
            assertThat(error.get("ref").isNull()).isTrue();
        }
        else {
            assertThat(error.get("ref").asString()).isEqualTo(ref);
        }
        assertThat(error.get("message").asString()).isNotBlank();
    }

    private static WebTestClient.ResponseSpec upgrade(WebTestClient client) {
        return client.get()
            .uri("/ws")
            .header(HttpHeaders.CONNECTION, "Upgrade")
            .header(HttpHeaders.UPGRADE, "websocket")
            .header("Sec-WebSocket-Version", "13")
            .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
            .exchange();
    }

}
