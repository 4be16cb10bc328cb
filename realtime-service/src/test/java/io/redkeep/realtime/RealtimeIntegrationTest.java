package io.redkeep.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.redkeep.realtime.user.UserDirectory;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.stream.EventStreams;
import io.redkeep.testsupport.PostgresDatabase;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two realtime-service instances on one Redis server and one PostgreSQL database, shared
 * by every integration test class of the JVM. Users are registered the way production
 * learns them: a {@code user.registered} event on {@code tk:stream:auth}. Every test uses
 * fresh users, so tests do not see each other's data.
 */
@Tag(TestTags.REDIS)
@Tag(TestTags.POSTGRES)
public abstract class RealtimeIntegrationTest {

    protected static final Duration WAIT = Duration.ofSeconds(15);

    protected static final JsonMapper MAPPER = JsonMapper.builder().build();

    protected static final RedisServer REDIS = RedisServer.builder().start();

    protected static final PostgresDatabase DATABASE = PostgresServer.shared().createDatabase("realtime");

    protected static final RealtimeInstance A = RealtimeInstance.start(properties());

    protected static final RealtimeInstance B = RealtimeInstance.start(properties());

    static Map<String, String> properties() {
        String redis = REDIS.host() + ":" + REDIS.port();
        return Map.ofEntries(Map.entry("redkeep.redis.state.nodes", redis),
                Map.entry("redkeep.redis.cache.nodes", redis), Map.entry("redkeep.redis.state.command-timeout", "2s"),
                Map.entry("redkeep.redis.cache.command-timeout", "2s"),
                Map.entry("redkeep.redis.state.connect-timeout", "10s"),
                Map.entry("redkeep.redis.cache.connect-timeout", "10s"),
                Map.entry("redkeep.postgres.host", DATABASE.host()),
                Map.entry("redkeep.postgres.port", Integer.toString(DATABASE.port())),
                Map.entry("redkeep.postgres.database", DATABASE.database()),
                Map.entry("redkeep.postgres.username", DATABASE.username()),
                Map.entry("redkeep.postgres.password", DATABASE.password()),
                Map.entry("redkeep.realtime.presence.offline-grace", "2s"));
    }

    /** Fresh users, announced on {@code tk:stream:auth} and known to the service. */
    protected static List<UUID> users(int count) {
        List<UUID> users = new ArrayList<>();
        EventStreams streams = A.context().getBean(EventStreams.class);
        for (int i = 0; i < count; i++) {
            UUID user = UUID.randomUUID();
            ObjectNode data = JsonNodeFactory.instance.objectNode()
                .put("userId", user.toString())
                .put("displayName", "User " + i)
                .put("role", "user")
                .put("createdAt", "2026-11-22T10:15:30.123Z");
            streams
                .append("auth",
                        EventEnvelope.create("user.registered", 1, "auth-session-service", user.toString(), null, data))
                .block(WAIT);
            users.add(user);
        }
        UserDirectory directory = A.context().getBean(UserDirectory.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Set<UUID> known = directory.existing(users).block(WAIT);
            if (known != null && known.size() == users.size()) {
                return users;
            }
            sleep(50);
        }
        throw new AssertionError("Users were not learnt from tk:stream:auth");
    }

    /** Creates a conversation of {@code creator} with {@code others}; returns its id. */
    protected static UUID conversation(UUID creator, String title, UUID... others) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (title != null) {
            body.put("title", title);
        }
        var ids = body.putArray("memberIds");
        for (UUID other : others) {
            ids.add(other.toString());
        }
        String response = A.as(creator)
            .post()
            .uri("/api/conversations")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body.toString())
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        return UUID.fromString(MAPPER.readTree(response).get("id").asString());
    }

    protected static ObjectNode frame(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    protected static ObjectNode subscribe(UUID conversationId, Long afterSeq) {
        ObjectNode frame = frame("subscribe").put("conversationId", conversationId.toString());
        if (afterSeq != null) {
            frame.put("afterSeq", afterSeq);
        }
        return frame;
    }

    protected static ObjectNode send(UUID conversationId, String body, String clientMsgId) {
        return frame("send").put("conversationId", conversationId.toString())
            .put("body", body)
            .put("clientMsgId", clientMsgId);
    }

    /** Connects and waits for {@code ready}. */
    protected static WsClient connected(RealtimeInstance instance, UUID user) {
        WsClient client = instance.connect(user);
        JsonNode ready = client.await("ready", WAIT);
        assertThat(ready.get("userId").asString()).isEqualTo(user.toString());
        return client;
    }

    /** As {@link #connected} with a tiny socket receive buffer, to play a slow reader. */
    protected static WsClient connectedSmallBuffer(RealtimeInstance instance, UUID user) {
        WsClient client = WsClient.connect(instance.port(), instance.token(user), 8192);
        client.await("ready", WAIT);
        return client;
    }

    /** Subscribes and waits for {@code subscribed}; returns its {@code lastSeq}. */
    protected static long subscribed(WsClient client, UUID conversationId, Long afterSeq) {
        client.send(subscribe(conversationId, afterSeq));
        JsonNode frame = client.await((f) -> "subscribed".equals(f.path("type").asString())
                && conversationId.toString().equals(f.path("conversationId").asString()), WAIT);
        return frame.get("lastSeq").asLong();
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
