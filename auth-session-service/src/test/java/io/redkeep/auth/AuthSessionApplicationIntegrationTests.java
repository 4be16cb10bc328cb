package io.redkeep.auth;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service boots with the shared defaults against real PostgreSQL (Flyway) and Redis:
 * public health, problem+json 401 without an internal token, problem+json 404 with one.
 */
// Generous client timeout: first requests of a cold JVM on a loaded CI machine take
// seconds.
@Tag(TestTags.REDIS)
@Tag(TestTags.POSTGRES)
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthSessionApplicationIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    InternalTokenIssuer issuer;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        AuthTestSupport.register(registry, RedisServer.shared());
    }

    @Test
    void healthAndPrometheusArePublic() {
        this.client.get()
            .uri("/actuator/health")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo("UP");
        this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void anyOtherPathWithoutTokenIs401Problem() {
        this.client.get()
            .uri("/api/anything")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("unauthenticated");
    }

    @Test
    void unknownPathWithValidTokenIs404Problem() {
        String token = this.issuer
            .issue(Caller.user("0192f1c8-0000-7000-8000-000000000001", "s-1", "user", "Ada", "203.0.113.7"));
        this.client.get()
            .uri("/api/does-not-exist")
            .headers((headers) -> headers.setBearerAuth(token))
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("not_found")
            .jsonPath("$.traceId")
            .isNotEmpty();
    }

    @Test
    void anonymousTokensPassOnlyOnRegisterAndLogin() {
        String anonymous = this.issuer.issue(Caller.anonymous("203.0.113.7"));
        // Past security (no body, so 400), unlike any user path.
        this.client.post()
            .uri("/api/auth/login")
            .headers((headers) -> headers.setBearerAuth(anonymous))
            .exchange()
            .expectStatus()
            .isBadRequest();
        this.client.get()
            .uri("/api/auth/me")
            .headers((headers) -> headers.setBearerAuth(anonymous))
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("unauthenticated");
    }

}
