package io.redkeep.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery survives what pub/sub does not guarantee: concurrent senders, a killed
 * subscription, a client that stops reading.
 */
class RecoveryIntegrationTests extends RealtimeIntegrationTest {

    @Test
    void concurrentSendersOnBothInstancesGetGapFreeSeqAndSubscribersSeeEveryMessageInOrder() {
        List<UUID> users = users(4);
        UUID conversation = conversation(users.get(0), "busy", users.get(1), users.get(2), users.get(3));
        try (WsClient watcherA = connected(A, users.get(0)); WsClient watcherB = connected(B, users.get(1))) {
            subscribed(watcherA, conversation, null);
            subscribed(watcherB, conversation, null);
            int perSender = 20;
            Flux.range(0, 4 * perSender)
                .flatMap((i) -> (i % 2 == 0 ? A : B).as(users.get(i % 4))
                    .post()
                    .uri("/api/conversations/" + conversation + "/messages")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"body\":\"c" + i + "\",\"clientMsgId\":\"cc-" + i + "\"}")
                    .exchange()
                    .returnResult(String.class)
                    .getResponseBody()
                    .then(), 16)
                .blockLast(Duration.ofSeconds(60));
            JsonNode history = ConversationApiIntegrationTests.get(users.get(2),
                    "/api/conversations/" + conversation + "/messages?limit=100");
            List<Long> seqs = new ArrayList<>();
            history.get("items").forEach((item) -> seqs.add(item.get("seq").asLong()));
            assertThat(seqs).hasSize(4 * perSender);
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).isEqualTo(i + 1);
            }
            assertThat(receivedSeqs(watcherA, 4 * perSender)).isEqualTo(seqs);
            assertThat(receivedSeqs(watcherB, 4 * perSender)).isEqualTo(seqs);
        }
    }

    @Test
    void killedPubSubConnectionsAreRecoveredWithoutGaps() {
        List<UUID> users = users(2);
        UUID conversation = conversation(users.get(0), "kill", users.get(1));
        try (WsClient sender = connected(A, users.get(0)); WsClient receiver = connected(B, users.get(1))) {
            subscribed(receiver, conversation, null);
            int total = 60;
            for (int i = 1; i <= total; i++) {
                sender.send(send(conversation, "k" + i, "k-" + i));
                sender.await("ack", WAIT);
                if (i == 20 || i == 40) {
                    clientKillPubSub();
                }
                sleep(20);
            }
            List<Long> seqs = receivedSeqs(receiver, total);
            for (int i = 0; i < total; i++) {
                assertThat(seqs.get(i)).isEqualTo(i + 1);
            }
            assertThat(receiver.drain(Duration.ofMillis(500)))
                .noneMatch((f) -> "message".equals(f.path("type").asString()));
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWith4008AndResumesWithAfterSeq() {
        List<UUID> users = users(2);
        UUID conversation = conversation(users.get(0), "slow", users.get(1));
        String body = "y".repeat(4000);
        try (WsClient slow = RealtimeIntegrationTest.connectedSmallBuffer(B, users.get(1))) {
            subscribed(slow, conversation, null);
            slow.pause();
            AtomicInteger sent = new AtomicInteger();
            // Enough to fill the socket buffers and then the 1000-frame queue; stops once
            // the server gave up on the client (its presence entry then lingers).
            // In rounds of 100, checking between rounds whether the server gave up. A
            // fresh token per round: on a loaded machine the rounds can outlast one.
            for (int round = 0; round < 30 && !slow.isClosed() && !serverClosed(users.get(1)); round++) {
                WebClient sender = WebClient.builder()
                    .baseUrl("http://127.0.0.1:" + A.port())
                    .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + A.token(users.get(0)))
                    .build();
                int first = round * 100;
                Flux.range(first, 100)
                    .flatMap((i) -> sender.post()
                        .uri("/api/conversations/" + conversation + "/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"body\":\"" + body + "\",\"clientMsgId\":\"s-" + i + "\"}")
                        .retrieve()
                        .toBodilessEntity()
                        .doOnSuccess((response) -> sent.incrementAndGet()), 4)
                    .blockLast(Duration.ofMinutes(1));
            }
            assertThat(serverClosed(users.get(1))).as("server closed the slow consumer").isTrue();
            slow.resume();
            int code = slow.awaitClose(Duration.ofSeconds(20));
            System.out
                .println("SLOW CONSUMER: closed with " + code + " after " + sent.get() + " messages of 4000 chars");
            assertThat(code).isIn(4008, 1006);
            List<JsonNode> frames = slow.drain(Duration.ofMillis(300));
            long last = frames.stream()
                .filter((f) -> "message".equals(f.path("type").asString()))
                .mapToLong((f) -> f.get("message").get("seq").asLong())
                .max()
                .orElse(0);
            assertThat(last).isLessThan(sent.get());
            try (WsClient again = connected(B, users.get(1))) {
                again.send(subscribe(conversation, last));
                List<Long> seqs = new ArrayList<>();
                JsonNode frame;
                while (!"subscribed".equals((frame = again.await((f) -> true, WAIT)).path("type").asString())) {
                    if ("message".equals(frame.path("type").asString())) {
                        seqs.add(frame.get("message").get("seq").asLong());
                    }
                }
                assertThat(seqs).hasSize((int) (frame.get("lastSeq").asLong() - last));
                for (int i = 0; i < seqs.size(); i++) {
                    assertThat(seqs.get(i)).isEqualTo(last + i + 1);
                }
            }
        }
    }

    private static List<Long> receivedSeqs(WsClient client, int count) {
        List<Long> seqs = new ArrayList<>();
        while (seqs.size() < count) {
            JsonNode frame = client.await("message", Duration.ofSeconds(20));
            seqs.add(frame.get("message").get("seq").asLong());
        }
        return seqs;
    }

    /**
     * Whether the server ended the user's only connection (its entry lingers below the
     * TTL).
     */
    private static boolean serverClosed(UUID user) {
        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<io.lettuce.core.ScoredValue<String>> entries = connection.sync()
                .zrangeWithScores("tk:presence:{" + user + "}", 0, -1);
            // A live entry expires 60 s from its last refresh, a closed one 2 s after
            // close.
            return !entries.isEmpty() && entries.get(0).getScore() < System.currentTimeMillis() + 30_000;
        }
        finally {
            client.shutdown();
        }
    }

    private static void clientKillPubSub() {
        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        }
        finally {
            client.shutdown();
        }
    }

}
