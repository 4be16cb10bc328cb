package io.redkeep.auth;

import io.redkeep.defaults.ServiceBootContract;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service boots with the shared defaults ({@link ServiceBootContract}) against real
 * PostgreSQL (Flyway) and Redis; anonymous tokens only reach register and login.
 */
// Generous client timeout: first requests of a cold JVM on a loaded CI machine take
// seconds.
@Tag(TestTags.REDIS)
@Tag(TestTags.POSTGRES)
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthSessionApplicationIntegrationTests implements ServiceBootContract {

    @Autowired
    WebTestClient client;

    @Autowired
    InternalTokenIssuer issuer;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        AuthTestSupport.register(registry, RedisServer.shared());
    }

    @Override
    public WebTestClient bootClient() {
        return this.client;
    }

    @Override
    public InternalTokenIssuer bootTokens() {
        return this.issuer;
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
