package io.redkeep.auth;

import java.util.Map;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import io.redkeep.session.SessionStore;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions issued by login end after the configured idle timeout without activity, and at
 * the absolute lifetime despite activity (here 1.5 s and 4 s).
 */
@Tag(TestTags.REDIS)
@Tag(TestTags.POSTGRES)
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "redkeep.session.idle-timeout=1500ms", "redkeep.session.absolute-timeout=4s",
                "redkeep.session.touch-interval=0s" })
class SessionExpiryIntegrationTests {

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

    String login(String email) {
        String ip = "192.0.2.40";
        this.client.post()
            .uri("/api/auth/register")
            .header("Authorization", "Bearer " + this.tokens.issue(Caller.anonymous(ip)))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", "correct horse battery", "displayName", "Expiring"))
            .exchange()
            .expectStatus()
            .isCreated();
        EntityBody body = this.client.post()
            .uri("/api/auth/login")
            .header("Authorization", "Bearer " + this.tokens.issue(Caller.anonymous(ip)))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", "correct horse battery"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(EntityBody.class)
            .returnResult()
            .getResponseBody();
        assertThat(java.time.Instant.parse(body.expiresAt())).isBefore(java.time.Instant.now().plusSeconds(5));
        return body.token();
    }

    @Test
    void anIdleSessionEnds() throws InterruptedException {
        String token = login("idle-" + System.nanoTime() + "@example.com");
        StepVerifier.create(this.sessions.find(token)).expectNextCount(1).verifyComplete();
        Thread.sleep(1800);
        StepVerifier.create(this.sessions.find(token)).verifyComplete();
    }

    @Test
    void anActiveSessionEndsAtItsAbsoluteLifetime() throws InterruptedException {
        String token = login("active-" + System.nanoTime() + "@example.com");
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            StepVerifier.create(this.sessions.find(token)).expectNextCount(1).verifyComplete();
            Thread.sleep(500);
        }
        Thread.sleep(1500);
        StepVerifier.create(this.sessions.find(token)).verifyComplete();
    }

    record EntityBody(String token, String expiresAt) {
    }

}
