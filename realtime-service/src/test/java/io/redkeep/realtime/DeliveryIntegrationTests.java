package io.redkeep.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages between users on different instances: order, acks, idempotency, replay. */
class DeliveryIntegrationTests extends RealtimeIntegrationTest {

    @Test
    void usersOnDifferentInstancesExchangeMessagesInOrder() {
        List<UUID> users = users(2);
        UUID alice = users.get(0);
        UUID bob = users.get(1);
        UUID conversation = conversation(alice, "chat", bob);
        try (WsClient a = connected(A, alice); WsClient b = connected(B, bob)) {
            assertThat(subscribed(a, conversation, null)).isZero();
            assertThat(subscribed(b, conversation, null)).isZero();
            for (int i = 1; i <= 30; i++) {
                a.send(send(conversation, "hello " + i, "m-" + i));
                JsonNode ack = a.await("ack", WAIT);
                assertThat(ack.get("clientMsgId").asString()).isEqualTo("m-" + i);
                assertThat(ack.get("message").get("seq").asLong()).isEqualTo(i);
            }
            List<Long> seqs = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                JsonNode message = b.await("message", WAIT).get("message");
                assertThat(message.get("body").asString()).isEqualTo("hello " + i);
                assertThat(message.get("senderId").asString()).isEqualTo(alice.toString());
                seqs.add(message.get("seq").asLong());
            }
            assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(30).startsWith(1L).endsWith(30L);
        }
    }

    @Test
    void aDuplicateClientMsgIdAcksTheFirstMessageAndDeliversOnce() {
        List<UUID> users = users(2);
        UUID conversation = conversation(users.get(0), "dup", users.get(1));
        try (WsClient a = connected(A, users.get(0)); WsClient b = connected(B, users.get(1))) {
            subscribed(b, conversation, null);
            a.send(send(conversation, "once", "same-id"));
            JsonNode first = a.await("ack", WAIT).get("message");
            a.send(send(conversation, "twice", "same-id"));
            JsonNode second = a.await("ack", WAIT).get("message");
            assertThat(second.get("id").asString()).isEqualTo(first.get("id").asString());
            assertThat(second.get("body").asString()).isEqualTo("once");
            a.send(send(conversation, "next", "other-id"));
            a.await("ack", WAIT);
            List<String> bodies = new ArrayList<>();
            bodies.add(b.await("message", WAIT).get("message").get("body").asString());
            bodies.add(b.await("message", WAIT).get("message").get("body").asString());
            assertThat(bodies).containsExactly("once", "next");
            assertThat(b.drain(java.time.Duration.ofMillis(500)))
                .noneMatch((frame) -> "message".equals(frame.path("type").asString()));
        }
    }

    @Test
    void reconnectingWithAfterSeqGetsExactlyTheMissedMessages() {
        List<UUID> users = users(2);
        UUID conversation = conversation(users.get(0), "replay", users.get(1));
        try (WsClient a = connected(A, users.get(0))) {
            for (int i = 1; i <= 10; i++) {
                a.send(send(conversation, "m" + i, "r-" + i));
                a.await("ack", WAIT);
            }
            try (WsClient b = connected(B, users.get(1))) {
                b.send(subscribe(conversation, 4L));
                List<Long> seqs = new ArrayList<>();
                JsonNode frame;
                while (!"subscribed".equals((frame = b.await((f) -> true, WAIT)).path("type").asString())) {
                    if ("message".equals(frame.path("type").asString())) {
                        seqs.add(frame.get("message").get("seq").asLong());
                    }
                }
                assertThat(seqs).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
                assertThat(frame.get("lastSeq").asLong()).isEqualTo(10);
                a.send(send(conversation, "live", "r-live"));
                assertThat(b.await("message", WAIT).get("message").get("seq").asLong()).isEqualTo(11);
            }
        }
    }

}
