package io.redkeep.analytics;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.event.EventIds;
import io.redkeep.redis.stream.EventStreams;
import io.redkeep.testsupport.PostgresDatabase;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One running analytics service for every integration test class (the Spring context is
 * shared): a real PostgreSQL database, a Redis server for the state role and another for
 * the cache role (fault tests stop one of them). Events reach it the way producers send
 * them, appended with the kit's {@link EventStreams}. Each test acts as fresh random
 * users and tags, so tests do not see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag(TestTags.REDIS)
@Tag(TestTags.POSTGRES)
public abstract class AnalyticsIntegrationTest {

    protected static final String INTERNAL_KEY = "analytics-service-tests-internal-key-0123456789";

    protected static final RedisServer STATE = RedisServer.builder().start();

    protected static final RedisServer CACHE = RedisServer.builder().start();

    protected static final PostgresDatabase DATABASE = PostgresServer.shared().createDatabase("analytics");

    private static RedisCommands<String, String> stateCommands;

    @Autowired
    protected InternalTokenIssuer tokens;

    @Autowired
    protected JsonMapper mapper;

    @Autowired
    protected EventStreams streams;

    @Autowired
    private Environment environment;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("redkeep.redis.state.nodes", () -> STATE.host() + ":" + STATE.port());
        registry.add("redkeep.redis.cache.nodes", () -> CACHE.host() + ":" + CACHE.port());
        registry.add("redkeep.redis.state.command-timeout", () -> "1s");
        registry.add("redkeep.redis.cache.command-timeout", () -> "1s");
        registry.add("redkeep.redis.state.connect-timeout", () -> "10s");
        registry.add("redkeep.redis.cache.connect-timeout", () -> "10s");
        // Short reclaim so the crash and poison tests finish in seconds.
        registry.add("redkeep.redis.streams.block", () -> "500ms");
        registry.add("redkeep.redis.streams.claim-idle", () -> "3s");
        registry.add("redkeep.redis.streams.handler-timeout", () -> "2500ms");
        registry.add("redkeep.redis.streams.claim-interval", () -> "500ms");
        registry.add("redkeep.postgres.host", DATABASE::host);
        registry.add("redkeep.postgres.port", DATABASE::port);
        registry.add("redkeep.postgres.database", DATABASE::database);
        registry.add("redkeep.postgres.username", DATABASE::username);
        registry.add("redkeep.postgres.password", DATABASE::password);
        registry.add("redkeep.security.internal-key", () -> INTERNAL_KEY);
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    /** A client acting as {@code user}, with a fresh internal token. */
    protected WebTestClient as(UUID user) {
        return as(user, "user", "Tester");
    }

    protected WebTestClient as(UUID user, String role, String displayName) {
        String token = this.tokens.issue(Caller.user(user.toString(), "session-1", role, displayName, "127.0.0.1"));
        return WebTestClient.bindToServer()
            .baseUrl(uri("").toString())
            .responseTimeout(Duration.ofSeconds(20))
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .build();
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + this.environment.getProperty("local.server.port") + pathAndQuery);
    }

    protected JsonNode json(String body) {
        return this.mapper.readTree(body);
    }

    /** GET {@code path} as {@code user}, expecting 200, as JSON. */
    protected JsonNode get(UUID user, String path) {
        String body = as(user).get()
            .uri(uri(path))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        return json(body);
    }

    /** A content event as content-service's outbox relay sends it. */
    protected EventEnvelope content(String type, UUID user, String kind, UUID item, String title, List<String> tags,
            String status, Instant at) {
        ObjectNode data = this.mapper.createObjectNode();
        data.put("kind", kind);
        data.put("id", item.toString());
        data.put("title", title);
        data.putArray("tags").addAll(tags.stream().map(this.mapper.getNodeFactory()::textNode).toList());
        if (status != null) {
            data.put("status", status);
        }
        return new EventEnvelope(EventIds.next(), type, 1, at, "content-service", user.toString(), null, data);
    }

    protected EventEnvelope created(UUID user, String kind, List<String> tags, Instant at) {
        return content("content.created", user, kind, UUID.randomUUID(), kind + " title", tags,
                "task".equals(kind) ? "open" : null, at);
    }

    protected EventEnvelope userEvent(String type, UUID user, String displayName) {
        ObjectNode data = this.mapper.createObjectNode();
        data.put("userId", user.toString());
        data.put("displayName", displayName);
        data.put("role", "user");
        data.put("createdAt", "2026-01-01T00:00:00.000Z");
        return new EventEnvelope(EventIds.next(), type, 1, Instant.now(), "auth-session-service", user.toString(), null,
                data);
    }

    /** Appends with the kit, as producers do. */
    protected void append(String stream, EventEnvelope... events) {
        for (EventEnvelope event : events) {
            this.streams.append(stream, event).block(Duration.ofSeconds(10));
        }
    }

    /** Synchronous commands on the state server for set-up and assertions. */
    protected static synchronized RedisCommands<String, String> state() {
        if (stateCommands == null) {
            stateCommands = RedisClient.create(STATE.uri()).connect().sync();
        }
        return stateCommands;
    }

    /**
     * Appends {@code events} to {@code stream} and waits until ingestion finished each of
     * them (its once-marker says {@code done}).
     */
    protected void ingest(String stream, EventEnvelope... events) {
        append(stream, events);
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> java.util.Arrays.stream(events)
                .allMatch((event) -> "done".equals(state().get("tk:seen:analytics:{" + event.id() + "}"))));
    }

    protected static Map<String, String> hash(String key) {
        return state().hgetall(key);
    }

}
