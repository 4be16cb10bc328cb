package io.redkeep.auth;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed-login lockout of spec/http-api.md: per account whatever the IP, per IP whatever
 * the account, checked before the password (a correct one is refused too), with
 * {@code Retry-After}. This context uses an IP limit of 12 instead of 50 to keep the test
 * short; the account limit is the spec's 5.
 */
class LoginLockoutIntegrationTests extends AuthApiTest {

    WebTestClient.ResponseSpec attempt(String email, String password, String ip) {
        return post("/api/auth/login", anonymousToken(ip), Map.of("email", email, "password", password));
    }

    @Test
    void fiveFailuresLockTheAccountFromEveryIp() {
        String email = email("lock");
        register(email, "Locked");
        for (int i = 0; i < 5; i++) {
            attempt(email, "wrong password " + i, ip()).expectStatus().isUnauthorized();
        }
        attempt(email.toUpperCase(), PASSWORD, ip()).expectStatus()
            .isEqualTo(429)
            .expectHeader()
            .value("Retry-After", (value) -> assertThat(Long.parseLong(value)).isBetween(1L, 300L))
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("too_many_attempts");
        assertThat(AuthTestSupport.redis().pttl(accountKey(email))).isBetween(1L, 300_000L);
    }

    @Test
    void unknownEmailsLockTheSameWay() {
        String ghost = email("ghost");
        for (int i = 0; i < 5; i++) {
            attempt(ghost, "wrong password " + i, ip()).expectStatus().isUnauthorized();
        }
        attempt(ghost, PASSWORD, ip()).expectStatus().isEqualTo(429);
    }

    @Test
    void aSuccessfulLoginClearsTheAccountCounter() {
        String email = email("clear");
        register(email, "Clear");
        for (int i = 0; i < 4; i++) {
            attempt(email, "wrong password " + i, ip()).expectStatus().isUnauthorized();
        }
        login(email, PASSWORD, ip());
        assertThat(AuthTestSupport.redis().exists(accountKey(email))).isZero();
        for (int i = 0; i < 4; i++) {
            attempt(email, "wrong password " + i, ip()).expectStatus().isUnauthorized();
        }
        login(email, PASSWORD, ip());
    }

    @Test
    void manyFailuresFromOneIpLockThatIpOnly() {
        String ip = ip();
        String victim = email("victim");
        register(victim, "Victim");
        for (int i = 0; i < 12; i++) {
            attempt(email("spray"), "wrong password", ip).expectStatus().isUnauthorized();
        }
        attempt(victim, PASSWORD, ip).expectStatus()
            .isEqualTo(429)
            .expectHeader()
            .exists("Retry-After")
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("too_many_attempts");
        assertThat(AuthTestSupport.redis().get("tk:login-fail-ip:{" + ip + "}")).isEqualTo("12");
        login(victim, PASSWORD, ip());
    }

    static String accountKey(String email) {
        return "tk:login-fail:{" + io.redkeep.redis.RedisKeys.sha256Hex(email.toLowerCase(java.util.Locale.ROOT)) + "}";
    }

}
