package io.redkeep.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.lettuce.core.RedisURI;
import io.redkeep.realtime.user.UserDirectory;
import io.redkeep.testsupport.PostgresDatabase;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.RedisSentinelGroup;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis master is killed (SIGKILL) in the middle of a message stream between two
 * instances on a Sentinel group: after the failover the subscriber has every acked
 * message exactly once and in order. The instances and the group stay up until the JVM
 * exits (the test-support reaper stops the servers): closing a Spring context here would
 * dispose Reactor Netty's global event loops that the other test classes' instances
 * share.
 */
@Tag(TestTags.SENTINEL)
@Tag(TestTags.POSTGRES)
class SentinelFailoverIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RedisSentinelGroup group;

    private static RealtimeInstance sending;

    private static RealtimeInstance receiving;

    @BeforeAll
    static void start() {
        group = RedisSentinelGroup.start();
        PostgresDatabase database = PostgresServer.shared().createDatabase("realtime_failover");
        Map<String, String> properties = new LinkedHashMap<>();
        String sentinels = group.sentinels()
            .stream()
            .map((node) -> node.host() + ":" + node.port())
            .collect(Collectors.joining(","));
        RedisURI uri = group.sentinelUri();
        for (String role : new String[] { "state", "cache" }) {
            String prefix = "redkeep.redis." + role + ".";
            properties.put(prefix + "mode", "sentinel");
            properties.put(prefix + "nodes", sentinels);
            properties.put(prefix + "master", group.masterName());
            properties.put(prefix + "command-timeout", "2s");
            properties.put(prefix + "connect-timeout", "10s");
            if (uri.getPassword() != null) {
                properties.put(prefix + "password", new String(uri.getPassword()));
            }
            char[] sentinelPassword = uri.getSentinels().get(0).getPassword();
            if (sentinelPassword != null) {
                properties.put(prefix + "sentinel-password", new String(sentinelPassword));
            }
        }
        properties.put("redkeep.postgres.host", database.host());
        properties.put("redkeep.postgres.port", Integer.toString(database.port()));
        properties.put("redkeep.postgres.database", database.database());
        properties.put("redkeep.postgres.username", database.username());
        properties.put("redkeep.postgres.password", database.password());
        sending = RealtimeInstance.start(properties);
        receiving = RealtimeInstance.start(properties);
    }

    @Test
    void everyAckedMessageArrivesExactlyOnceInOrderAcrossAMasterKill() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UserDirectory users = sending.context().getBean(UserDirectory.class);
        users.remember(alice, "Alice").then(users.remember(bob, "Bob")).block(WAIT);
        assertThat(users.existing(Set.of(alice, bob)).block(WAIT)).hasSize(2);
        String created = sending.as(alice)
            .post()
            .uri("/api/conversations")
            .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\":\"failover\",\"memberIds\":[\"" + bob + "\"]}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        String conversation = RealtimeIntegrationTest.MAPPER.readTree(created).get("id").asString();
        try (WsClient sender = sending.connect(alice); WsClient receiver = receiving.connect(bob)) {
            sender.await("ready", WAIT);
            receiver.await("ready", WAIT);
            receiver.send(
                    JsonNodeFactory.instance.objectNode().put("type", "subscribe").put("conversationId", conversation));
            receiver.await("subscribed", WAIT);
            List<Long> acked = new ArrayList<>();
            int total = 80;
            for (int i = 1; i <= total; i++) {
                ObjectNode send = JsonNodeFactory.instance.objectNode()
                    .put("type", "send")
                    .put("conversationId", conversation)
                    .put("body", "f" + i)
                    .put("clientMsgId", "f-" + i);
                sender.send(send);
                JsonNode answer = sender.await(
                        (f) -> "ack".equals(f.path("type").asString()) || "error".equals(f.path("type").asString()),
                        WAIT);
                if ("ack".equals(answer.path("type").asString())) {
                    acked.add(answer.get("message").get("seq").asLong());
                }
                if (i == 20) {
                    group.killMaster();
                }
                RealtimeIntegrationTest.sleep(50);
            }
            assertThat(acked).hasSizeGreaterThan(total / 2);
            List<Long> received = new ArrayList<>();
            long lastAcked = acked.get(acked.size() - 1);
            while (received.isEmpty() || received.get(received.size() - 1) < lastAcked) {
                received.add(receiver.await("message", WAIT).get("message").get("seq").asLong());
            }
            System.out.println("FAILOVER: " + acked.size() + " of " + total + " sends acked, " + received.size()
                    + " messages received in order");
            assertThat(received).doesNotHaveDuplicates().isSorted();
            for (int i = 0; i < received.size(); i++) {
                assertThat(received.get(i)).isEqualTo(i + 1);
            }
            assertThat(received).containsAll(acked);
            assertThat(receiver.drain(Duration.ofSeconds(1)))
                .noneMatch((f) -> "message".equals(f.path("type").asString()));
        }
    }

}
