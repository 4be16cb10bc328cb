package io.redkeep.content;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import io.redkeep.testsupport.PostgresDatabase;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One running content service for every integration test class (the Spring context is
 * shared): a real PostgreSQL database, a Redis server of its own (fault tests stop it),
 * and a temporary storage directory. Each test acts as fresh random users, so tests do
 * not see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag(TestTags.REDIS)
@Tag(TestTags.POSTGRES)
public abstract class ContentIntegrationTest {

    protected static final String INTERNAL_KEY = "content-service-tests-internal-key-0123456789";

    protected static final RedisServer REDIS = RedisServer.builder().start();

    protected static final PostgresDatabase DATABASE = PostgresServer.shared().createDatabase("content");

    protected static final Path STORAGE = temporaryDirectory();

    protected static final long MAX_FILE_SIZE = 2 * 1024 * 1024;

    @Autowired
    protected InternalTokenIssuer tokens;

    @Autowired
    protected JsonMapper mapper;

    @Autowired
    private Environment environment;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String redis = REDIS.host() + ":" + REDIS.port();
        registry.add("redkeep.redis.state.nodes", () -> redis);
        registry.add("redkeep.redis.cache.nodes", () -> redis);
        registry.add("redkeep.redis.state.command-timeout", () -> "1s");
        registry.add("redkeep.redis.cache.command-timeout", () -> "1s");
        registry.add("redkeep.postgres.host", DATABASE::host);
        registry.add("redkeep.postgres.port", DATABASE::port);
        registry.add("redkeep.postgres.database", DATABASE::database);
        registry.add("redkeep.postgres.username", DATABASE::username);
        registry.add("redkeep.postgres.password", DATABASE::password);
        registry.add("redkeep.security.internal-key", () -> INTERNAL_KEY);
        registry.add("redkeep.content.storage-dir", STORAGE::toString);
        registry.add("redkeep.content.max-file-size", () -> MAX_FILE_SIZE + "B");
        registry.add("redkeep.content.database-timeout", () -> "3s");
        registry.add("redkeep.content.outbox.interval", () -> "200ms");
        registry.add("redkeep.content.search.stale-retry-interval", () -> "200ms");
        // Shows which contributor is down when a health assertion fails.
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    /** A client acting as {@code user}, with a fresh internal token. */
    protected WebTestClient as(UUID user) {
        String token = this.tokens.issue(Caller.user(user.toString(), "session-1", "user", "Tester", "127.0.0.1"));
        return WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + this.environment.getProperty("local.server.port"))
            .responseTimeout(Duration.ofSeconds(20))
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .build();
    }

    /**
     * An absolute URI taken as written: query strings in tests are already encoded and
     * must not be encoded again.
     */
    protected java.net.URI uri(String pathAndQuery) {
        return java.net.URI
            .create("http://127.0.0.1:" + this.environment.getProperty("local.server.port") + pathAndQuery);
    }

    /** Creates an item and returns its JSON. */
    protected JsonNode create(UUID user, String plural, String json) {
        String body = as(user).post()
            .uri("/api/" + plural)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(json)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        return this.mapper.readTree(body);
    }

    protected JsonNode json(String body) {
        return this.mapper.readTree(body);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("content-files");
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
