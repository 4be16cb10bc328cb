package io.redkeep.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import io.redkeep.session.SessionRecord;
import io.redkeep.session.SessionStore;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the HTTP API tests: one application context against the shared Redis and a
 * fresh PostgreSQL database, with helpers that call the service the way the gateway does
 * (an internal token per request, the caller's IP in its {@code ip} claim).
 */
@Tag(TestTags.REDIS)
@Tag(TestTags.POSTGRES)
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "redkeep.auth.lockout.ip-limit=12", "redkeep.session.touch-interval=0s" })
abstract class AuthApiTest {

    static final String PASSWORD = "correct horse battery";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    WebTestClient client;

    @Autowired
    InternalTokenIssuer tokens;

    @Autowired
    SessionStore sessions;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        AuthTestSupport.register(registry, RedisServer.shared());
    }

    /** A fresh, unique email. */
    static String email(String name) {
        return name + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() + "@example.com";
    }

    /**
     * A fresh client IP (documentation range), so IP lockout does not leak across tests.
     */
    static String ip() {
        int n = SEQUENCE.incrementAndGet();
        return "198.51." + ((n / 250) % 250) + "." + (n % 250 + 1);
    }

    String anonymousToken(String ip) {
        return this.tokens.issue(Caller.anonymous(ip));
    }

    /** The internal token the gateway would mint for the session of {@code token}. */
    String tokenFor(String sessionToken) {
        SessionRecord record = this.sessions.find(sessionToken).block(Duration.ofSeconds(10));
        if (record == null) {
            throw new IllegalStateException("no live session for the token");
        }
        return this.tokens
            .issue(Caller.user(record.userId(), record.publicId(), record.role(), record.displayName(), record.ip()));
    }

    /**
     * The public id of the session of {@code token} (a fixture, as the gateway would
     * resolve it).
     */
    String publicIdOf(String sessionToken) {
        return this.sessions.find(sessionToken).map(SessionRecord::publicId).block(Duration.ofSeconds(10));
    }

    WebTestClient.ResponseSpec post(String path, String bearer, Object body) {
        WebTestClient.RequestBodySpec spec = this.client.post()
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
            .contentType(MediaType.APPLICATION_JSON);
        return (body != null) ? spec.bodyValue(body).exchange() : spec.exchange();
    }

    WebTestClient.ResponseSpec get(String path, String bearer) {
        return this.client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).exchange();
    }

    /** Registers a user and answers its id. */
    String register(String email, String displayName) {
        return (String) post("/api/auth/register", anonymousToken(ip()),
                Map.of("email", email, "password", PASSWORD, "displayName", displayName))
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("id");
    }

    /** Logs in and answers the session token. */
    String login(String email, String password, String ip) {
        return (String) post("/api/auth/login", anonymousToken(ip), Map.of("email", email, "password", password))
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("token");
    }

}
