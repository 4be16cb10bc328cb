package io.redkeep.realtime;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Notifications for members not following a conversation, and presence transitions. */
class NotificationPresenceIntegrationTests extends RealtimeIntegrationTest {

    @Test
    void aMemberNotSubscribedGetsOneAggregatedNotificationLiveAndInTheList() {
        List<UUID> users = users(3);
        UUID alice = users.get(0);
        UUID bob = users.get(1);
        UUID carol = users.get(2);
        UUID conversation = conversation(alice, "group", bob, carol);
        try (WsClient a = connected(A, alice); WsClient b = connected(B, bob); WsClient c = connected(A, carol)) {
            subscribed(b, conversation, null);
            a.send(send(conversation, "first", "n-1"));
            a.await("ack", WAIT);
            JsonNode live = c.await("notification", WAIT).get("notification");
            assertThat(live.get("type").asString()).isEqualTo("message");
            assertThat(live.get("data").get("conversationId").asString()).isEqualTo(conversation.toString());
            assertThat(live.get("data").get("count").asInt()).isEqualTo(1);
            a.send(send(conversation, "second", "n-2"));
            a.await("ack", WAIT);
            JsonNode updated = c.await("notification", WAIT).get("notification");
            assertThat(updated.get("id").asString()).isEqualTo(live.get("id").asString());
            assertThat(updated.get("data").get("count").asInt()).isEqualTo(2);
            assertThat(updated.get("data").get("message").get("body").asString()).isEqualTo("second");
            // Bob follows the conversation: messages, no notifications.
            assertThat(b.drain(Duration.ofMillis(500)))
                .noneMatch((f) -> "notification".equals(f.path("type").asString()));
        }
        JsonNode list = ConversationApiIntegrationTests.get(carol, "/api/notifications");
        assertThat(list.get("items")).hasSize(1);
        JsonNode item = list.get("items").get(0);
        assertThat(item.get("data").get("count").asInt()).isEqualTo(2);
        assertThat(item.get("readAt").isNull()).isTrue();
        assertThat(ConversationApiIntegrationTests.get(bob, "/api/notifications").get("items")).isEmpty();
        assertThat(ConversationApiIntegrationTests.get(alice, "/api/notifications").get("items")).isEmpty();

        A.as(carol)
            .post()
            .uri("/api/notifications/read")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"all\":true}")
            .exchange()
            .expectStatus()
            .isNoContent();
        JsonNode read = ConversationApiIntegrationTests.get(carol, "/api/notifications").get("items").get(0);
        assertThat(read.get("readAt").isNull()).isFalse();
        // A new message after reading starts a new notification.
        ConversationApiIntegrationTests.post(alice, "/api/conversations/" + conversation + "/messages",
                "{\"body\":\"third\",\"clientMsgId\":\"n-3\"}", 201, null);
        awaitNotifications(carol, 2);
        ConversationApiIntegrationTests.post(carol, "/api/notifications/read", "{\"ids\":[\"nope\"]}", 400,
                "validation_failed");
        ConversationApiIntegrationTests.post(carol, "/api/notifications/read", "{}", 400, "validation_failed");
    }

    @Test
    void presenceChangesReachMembersOnOtherInstancesWithinTwoSeconds() {
        List<UUID> users = users(3);
        UUID alice = users.get(0);
        UUID bob = users.get(1);
        UUID stranger = users.get(2);
        conversation(alice, "presence", bob);
        try (WsClient a = connected(A, alice)) {
            WsClient b = connected(B, bob);
            JsonNode online = a.await((f) -> "presence".equals(f.path("type").asString())
                    && bob.toString().equals(f.path("userId").asString()), Duration.ofSeconds(2));
            assertThat(online.get("online").asBoolean()).isTrue();
            JsonNode rest = ConversationApiIntegrationTests.get(alice, "/api/presence?userIds=" + bob + "," + stranger);
            assertThat(rest.get(bob.toString()).get("online").asBoolean()).isTrue();
            assertThat(rest.has(stranger.toString())).isFalse();

            b.close();
            long closedAt = System.nanoTime();
            // Offline grace is 2 s in these tests (30 s by default), then within 2 s.
            JsonNode offline = a.await((f) -> "presence".equals(f.path("type").asString())
                    && bob.toString().equals(f.path("userId").asString()), Duration.ofSeconds(4));
            assertThat(offline.get("online").asBoolean()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            JsonNode after = ConversationApiIntegrationTests.get(alice, "/api/presence?userIds=" + bob);
            assertThat(after.get(bob.toString()).get("online").asBoolean()).isFalse();
            assertThat(after.get(bob.toString()).get("lastSeenAt").isNull()).isFalse();
        }
        ConversationApiIntegrationTests.getStatus(alice, "/api/presence?userIds=nope", 400);
    }

    private static void awaitNotifications(UUID user, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ConversationApiIntegrationTests.get(user, "/api/notifications").get("items").size() == count) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("Expected " + count + " notifications");
    }

}
