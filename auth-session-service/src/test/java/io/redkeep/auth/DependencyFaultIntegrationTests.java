package io.redkeep.auth;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import io.redkeep.testsupport.PostgresDatabase;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backing services failing: Redis down answers {@code 503} quickly (the profile, served
 * from PostgreSQL, still works); PostgreSQL down answers {@code 503} and the first
 * request after its restart succeeds; a failure inside the registration transaction
 * leaves no user behind.
 */
@Tag(TestTags.REDIS)
@Tag(TestTags.POSTGRES)
@Tag(TestTags.FAULT)
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "redkeep.redis.state.command-timeout=500ms", "redkeep.redis.cache.command-timeout=500ms",
                "redkeep.auth.database-timeout=3s" })
class DependencyFaultIntegrationTests {

    static final String PASSWORD = "correct horse battery";

    static RedisServer redis;

    static PostgresDatabase database;

    @Autowired
    WebTestClient client;

    @Autowired
    InternalTokenIssuer tokens;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        redis = RedisServer.builder().start();
        AuthTestSupport.register(registry, redis);
        registry.add("redkeep.postgres.database", () -> database().database());
    }

    static synchronized PostgresDatabase database() {
        if (database == null) {
            database = PostgresServer.shared().createDatabase("auth_faults");
        }
        return database;
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    WebTestClient.ResponseSpec post(String path, Caller caller, Object body) {
        return this.client.post()
            .uri(path)
            .header("Authorization", "Bearer " + this.tokens.issue(caller))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange();
    }

    String register(String email) {
        return (String) post("/api/auth/register", Caller.anonymous("192.0.2.10"),
                Map.of("email", email, "password", PASSWORD, "displayName", "Faulty"))
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("id");
    }

    @Test
    void redisDownAnswersServiceUnavailableQuickly() {
        String email = "redis-down-" + System.nanoTime() + "@example.com";
        String userId = register(email);
        redis.stop();
        try {
            long start = System.nanoTime();
            post("/api/auth/login", Caller.anonymous("192.0.2.11"), Map.of("email", email, "password", PASSWORD))
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("service_unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            Caller caller = Caller.user(userId, "0192f1c8-0000-7000-8000-000000000001", "user", "Faulty", "192.0.2.11");
            this.client.get()
                .uri("/api/auth/sessions")
                .header("Authorization", "Bearer " + this.tokens.issue(caller))
                .exchange()
                .expectStatus()
                .isEqualTo(503);
            // The profile comes from PostgreSQL when the cache is unavailable (BYPASS).
            this.client.get()
                .uri("/api/auth/me")
                .header("Authorization", "Bearer " + this.tokens.issue(caller))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(userId);
        }
        finally {
            redis.start();
        }
    }

    @Test
    void postgresDownAnswersServiceUnavailable() {
        PostgresServer.shared().stop();
        try {
            post("/api/auth/register", Caller.anonymous("192.0.2.12"),
                    Map.of("email", "pg-down-" + System.nanoTime() + "@example.com", "password", PASSWORD,
                            "displayName", "Nobody"))
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("service_unavailable");
        }
        finally {
            PostgresServer.shared().start();
        }
        // Every pooled connection died with the server; the pool must discard them and
        // serve the very next request (the next test class must not inherit a broken
        // service either).
        register("pg-back-" + System.nanoTime() + "@example.com");
    }

    @Test
    void aFailureInsideRegistrationLeavesNoUser() throws SQLException {
        String email = "half-" + System.nanoTime() + "@example.com";
        execute("alter table event_outbox rename to event_outbox_away");
        try {
            post("/api/auth/register", Caller.anonymous("192.0.2.13"),
                    Map.of("email", email, "password", PASSWORD, "displayName", "Half"))
                .expectStatus()
                .is5xxServerError();
        }
        finally {
            execute("alter table event_outbox_away rename to event_outbox");
        }
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement
                    .executeQuery("select count(*) from users where lower(email) = lower('" + email + "')")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
        register(email);
    }

    static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static Connection connect() throws SQLException {
        PostgresDatabase db = database();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

}
