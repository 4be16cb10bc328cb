package io.redkeep.defaults.identity;

import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.Test;

import io.redkeep.defaults.problem.ImportProblemAutoConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Requests with and without valid internal tokens, through the real security chain.
 */
@WebFluxTest(properties = { "redkeep.security.internal-key=" + TestTokens.KEY,
        "redkeep.security.anonymous-paths=/api/auth/login,/api/auth/register" })
@Import(IdentityTestController.class)
@ImportProblemAutoConfiguration
@ImportAutoConfiguration({ InternalTokenAutoConfiguration.class, InternalIdentityAutoConfiguration.class })
class InternalIdentityTests {

    @Autowired
    WebTestClient client;

    @Autowired
    InternalTokenIssuer issuer;

    @Test
    void aValidTokenReachesTheControllerWithItsCaller() {
        String token = this.issuer.issue(Caller.user("u-1", "s-1", "admin", "Ada", "198.51.100.4"));
        this.client.get()
            .uri("/api/me")
            .headers((headers) -> headers.setBearerAuth(token))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.anonymous")
            .isEqualTo(false)
            .jsonPath("$.userId")
            .isEqualTo("u-1")
            .jsonPath("$.sessionId")
            .isEqualTo("s-1")
            .jsonPath("$.role")
            .isEqualTo("admin")
            .jsonPath("$.displayName")
            .isEqualTo("Ada")
            .jsonPath("$.ip")
            .isEqualTo("198.51.100.4");
    }

    @Test
    void noTokenIs401Problem() {
        unauthenticated(this.client.get().uri("/api/me").exchange());
        unauthenticated(this.client.get().uri("/api/nowhere").exchange());
    }

    @Test
    void expiredTokensAreRejected() {
        Instant past = Instant.now().minusSeconds(120);
        unauthenticated(withToken("/api/me", TestTokens
            .token((claims) -> claims.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(30))))));
    }

    @Test
    void tokensSignedWithAnotherKeyAreRejected() {
        unauthenticated(withToken("/api/me", TestTokens.token("another-key-0123456789abcdef-0123456", (claims) -> {
        })));
    }

    @Test
    void wrongAudienceOrIssuerIsRejected() {
        unauthenticated(withToken("/api/me", TestTokens.token((claims) -> claims.audience("someone-else"))));
        unauthenticated(withToken("/api/me", TestTokens.token((claims) -> claims.issuer("not-the-gateway"))));
    }

    @Test
    void tokensLivingLongerThanSixtySecondsAreRejected() {
        Instant now = Instant.now();
        unauthenticated(withToken("/api/me",
                TestTokens.token((claims) -> claims.expirationTime(Date.from(now.plusSeconds(3600))))));
        // Issued "now" but claiming a lifetime of 90 s: refused even though exp is near.
        unauthenticated(withToken("/api/me", TestTokens
            .token((claims) -> claims.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(90))))));
    }

    @Test
    void tokensWithoutIpAreRejected() {
        unauthenticated(withToken("/api/me", TestTokens.token((claims) -> claims.claim("ip", null))));
    }

    @Test
    void anonymousTokensWorkOnAnonymousPaths() {
        this.client.get()
            .uri("/api/auth/login")
            .headers((headers) -> headers.setBearerAuth(this.issuer.issue(Caller.anonymous("192.0.2.9"))))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.anonymous")
            .isEqualTo(true)
            .jsonPath("$.ip")
            .isEqualTo("192.0.2.9");
    }

    @Test
    void anonymousPathsStillNeedAToken() {
        unauthenticated(this.client.get().uri("/api/auth/login").exchange());
    }

    @Test
    void anonymousTokensOnUserPathsAre401() {
        unauthenticated(withToken("/api/me", this.issuer.issue(Caller.anonymous("192.0.2.9")))).jsonPath("$.detail")
            .isEqualTo("This path requires a signed-in user");
    }

    @Test
    void accessDeniedIs403Forbidden() {
        withToken("/api/admin-only", this.issuer.issue(Caller.user("u-2", "s-2", "user", "Bob", "192.0.2.1")))
            .expectStatus()
            .isForbidden()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("forbidden");
    }

    @Test
    void healthPathsArePublic() {
        this.client.get().uri("/actuator/health/custom").exchange().expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec withToken(String path, String token) {
        return this.client.get().uri(path).headers((headers) -> headers.setBearerAuth(token)).exchange();
    }

    private static WebTestClient.BodyContentSpec unauthenticated(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("unauthenticated")
            .jsonPath("$.status")
            .isEqualTo(401)
            .jsonPath("$.traceId")
            .isNotEmpty();
    }

}
