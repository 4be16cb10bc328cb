package io.redkeep.auth;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.redkeep.auth.password.PasswordHasher;
import io.redkeep.session.SessionTokens;
import io.redkeep.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login, cookies, the session list, logout, logout-all, deleting a session and password
 * change, with what they leave in Redis and on the auth stream.
 */
class LoginAndSessionsIntegrationTests extends AuthApiTest {

    @Test
    void loginReturnsATokenCookiesAndTheUser() {
        String email = email("login");
        String userId = register(email, "Logger");
        EntityExchangeResult<Map> result = post("/api/auth/login", anonymousToken("203.0.113.9"),
                Map.of("email", email.toUpperCase(), "password", PASSWORD))
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult();
        Map<?, ?> body = result.getResponseBody();
        String token = (String) body.get("token");
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat((String) body.get("expiresAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(((Map<?, ?>) body.get("user")).get("id")).isEqualTo(userId);
        ResponseCookie session = result.getResponseCookies().getFirst("rk_session");
        assertThat(session.getValue()).isEqualTo(token);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.getPath()).isEqualTo("/");
        assertThat(session.isSecure()).isFalse();
        ResponseCookie xsrf = result.getResponseCookies().getFirst("XSRF-TOKEN");
        assertThat(xsrf.getValue()).isNotBlank().isNotEqualTo(token);
        assertThat(xsrf.isHttpOnly()).isFalse();
        StepVerifier.create(this.sessions.find(token)).assertNext((record) -> {
            assertThat(record.userId()).isEqualTo(userId);
            assertThat(record.ip()).isEqualTo("203.0.113.9");
            assertThat(record.displayName()).isEqualTo("Logger");
        }).verifyComplete();
        assertThat(AuthTestSupport.authStream()).anySatisfy((entry) -> {
            assertThat(entry.get("type")).isEqualTo("user.logged_in");
            assertThat(entry.get("envelope")).contains(userId);
        });
    }

    @Test
    void cookiesAreSecureWhenTheGatewaySaysHttps() {
        String email = email("https");
        register(email, "Secure");
        EntityExchangeResult<byte[]> result = this.client.post()
            .uri("/api/auth/login")
            .header("Authorization", "Bearer " + anonymousToken(ip()))
            .header("X-Forwarded-Proto", "https")
            .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email, "password", PASSWORD))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult();
        assertThat(result.getResponseCookies().getFirst("rk_session").isSecure()).isTrue();
        assertThat(result.getResponseCookies().getFirst("XSRF-TOKEN").isSecure()).isTrue();
    }

    @Test
    void wrongPasswordAndUnknownEmailAreTheSameError() {
        String email = email("wrong");
        register(email, "Wrong");
        for (Map<String, String> body : List.of(Map.of("email", email, "password", "not the password"),
                Map.of("email", email("ghost"), "password", PASSWORD))) {
            post("/api/auth/login", anonymousToken(ip()), body).expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invalid_credentials");
        }
    }

    @Test
    void loginValidatesItsFields() {
        RegistrationAndProfileIntegrationTests
            .expectInvalid(post("/api/auth/login", anonymousToken(ip()), Map.of("password", PASSWORD)), "email");
        RegistrationAndProfileIntegrationTests.expectInvalid(
                post("/api/auth/login", anonymousToken(ip()), Map.of("email", email("v"), "password", 5)), "password");
    }

    @Test
    void everyLoginMintsANewTokenAndConcurrentLoginsAllLand() {
        String email = email("many");
        String userId = register(email, "Many");
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        Flux.range(0, 8)
            .parallel(4)
            .runOn(Schedulers.boundedElastic())
            .doOnNext((i) -> tokens.add(login(email, PASSWORD, ip())))
            .sequential()
            .blockLast();
        assertThat(tokens).hasSize(8);
        assertThat(AuthTestSupport.redis().zcard("tk:user:{" + userId + "}:sessions")).isEqualTo(8);
        get("/api/auth/sessions", tokenFor(tokens.iterator().next())).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.items.length()")
            .isEqualTo(8)
            .jsonPath("$.items[?(@.current == true)].id")
            .value((ids) -> assertThat((List<?>) ids).hasSize(1));
    }

    @Test
    void rawTokenAppearsNowhereInRedis() {
        String email = email("dump");
        register(email, "Dump");
        String token = login(email, PASSWORD, ip());
        get("/api/auth/sessions", tokenFor(token)).expectStatus().isOk();
        assertThat(AuthTestSupport.keyspace()).isNotEmpty().noneMatch((text) -> text.contains(token));
    }

    @Test
    void logoutRevokesTheCurrentSessionAndClearsCookies() {
        String email = email("logout");
        String userId = register(email, "Bye");
        String token = login(email, PASSWORD, ip());
        String other = login(email, PASSWORD, ip());
        EntityExchangeResult<byte[]> result = post("/api/auth/logout", tokenFor(token), null).expectStatus()
            .isNoContent()
            .expectBody()
            .returnResult();
        assertThat(result.getResponseCookies().getFirst("rk_session").getMaxAge()).isZero();
        assertThat(result.getResponseCookies().getFirst("XSRF-TOKEN").getMaxAge()).isZero();
        StepVerifier.create(this.sessions.find(token)).verifyComplete();
        StepVerifier.create(this.sessions.find(other)).expectNextCount(1).verifyComplete();
        assertThat(AuthTestSupport.authStream()).anySatisfy((entry) -> {
            assertThat(entry.get("type")).isEqualTo("session.revoked");
            assertThat(entry.get("envelope")).contains(userId).contains("logout");
        });
        post("/api/auth/logout", anonymousToken(ip()), null).expectStatus().isUnauthorized();
    }

    @Test
    void logoutAllRemovesEverySessionAndItsIndex() {
        String email = email("all");
        String userId = register(email, "All");
        String first = login(email, PASSWORD, ip());
        String second = login(email, PASSWORD, ip());
        String firstPublicId = publicIdOf(first);
        post("/api/auth/logout-all", tokenFor(second), null).expectStatus().isNoContent();
        StepVerifier.create(this.sessions.find(first)).verifyComplete();
        StepVerifier.create(this.sessions.find(second)).verifyComplete();
        assertThat(AuthTestSupport.redis().exists("tk:user:{" + userId + "}:sessions")).isZero();
        assertThat(AuthTestSupport.redis().exists("tk:session-id:{" + firstPublicId + "}")).isZero();
        assertThat(AuthTestSupport.redis().exists("tk:session:{" + SessionTokens.hash(first) + "}")).isZero();
    }

    @Test
    void deleteSessionOnlyForItsOwner() {
        String aliceEmail = email("alice");
        register(aliceEmail, "Alice");
        String bobEmail = email("bob");
        register(bobEmail, "Bob");
        String alice = login(aliceEmail, PASSWORD, ip());
        String aliceOther = login(aliceEmail, PASSWORD, ip());
        String bob = login(bobEmail, PASSWORD, ip());
        String aliceOtherId = publicIdOf(aliceOther);
        this.client.delete()
            .uri("/api/auth/sessions/" + aliceOtherId)
            .header("Authorization", "Bearer " + tokenFor(bob))
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("not_found");
        this.client.delete()
            .uri("/api/auth/sessions/not-a-session")
            .header("Authorization", "Bearer " + tokenFor(alice))
            .exchange()
            .expectStatus()
            .isNotFound();
        this.client.delete()
            .uri("/api/auth/sessions/" + aliceOtherId)
            .header("Authorization", "Bearer " + tokenFor(alice))
            .exchange()
            .expectStatus()
            .isNoContent();
        StepVerifier.create(this.sessions.find(aliceOther)).verifyComplete();
        this.client.delete()
            .uri("/api/auth/sessions/" + aliceOtherId)
            .header("Authorization", "Bearer " + tokenFor(alice))
            .exchange()
            .expectStatus()
            .isNotFound();
    }

    @Test
    void passwordChangeKeepsOnlyTheCurrentSession() {
        String email = email("pw");
        String userId = register(email, "Pw");
        String current = login(email, PASSWORD, ip());
        String other = login(email, PASSWORD, ip());
        String currentToken = tokenFor(current);
        post("/api/auth/password", currentToken,
                Map.of("currentPassword", "wrong password!", "newPassword", "a brand new secret"))
            .expectStatus()
            .isUnauthorized()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("invalid_credentials");
        RegistrationAndProfileIntegrationTests.expectInvalid(
                post("/api/auth/password", currentToken, Map.of("currentPassword", PASSWORD, "newPassword", "short")),
                "newPassword");
        RegistrationAndProfileIntegrationTests.expectInvalid(
                post("/api/auth/password", currentToken, Map.of("currentPassword", PASSWORD, "newPassword", email)),
                "newPassword");
        post("/api/auth/password", currentToken,
                Map.of("currentPassword", PASSWORD, "newPassword", "a brand new secret"))
            .expectStatus()
            .isNoContent();
        StepVerifier.create(this.sessions.find(current)).expectNextCount(1).verifyComplete();
        StepVerifier.create(this.sessions.find(other)).verifyComplete();
        post("/api/auth/login", anonymousToken(ip()), Map.of("email", email, "password", PASSWORD)).expectStatus()
            .isUnauthorized();
        login(email, "a brand new secret", ip());
        assertThat(AuthTestSupport.authStream()).anySatisfy((entry) -> {
            assertThat(entry.get("type")).isEqualTo("password.changed");
            assertThat(entry.get("envelope")).contains(userId);
        });
    }

    @Test
    void loginRehashesAPasswordHashedWithOtherParameters() throws Exception {
        String email = email("rehash");
        String userId = register(email, "Rehash");
        PasswordHasher older = new PasswordHasher(new AuthProperties.Password(2048, 1, 1, 16, 32, 1, 4));
        String oldHash = older.hash(PASSWORD).block(Duration.ofSeconds(30));
        older.destroy();
        PostgresDatabase db = AuthTestSupport.database();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                PreparedStatement update = connection
                    .prepareStatement("update users set password_hash = ? where id = ?::uuid")) {
            update.setString(1, oldHash);
            update.setString(2, userId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        login(email, PASSWORD, ip());
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                PreparedStatement select = connection
                    .prepareStatement("select password_hash from users where id = ?::uuid")) {
            select.setString(1, userId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                assertThat(rows.getString(1)).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").isNotEqualTo(oldHash);
            }
        }
        login(email, PASSWORD, ip());
    }

    @Test
    void sessionEndpointsNeedASignedInCaller() {
        String anonymous = anonymousToken(ip());
        get("/api/auth/sessions", anonymous).expectStatus().isUnauthorized();
        post("/api/auth/logout-all", anonymous, null).expectStatus().isUnauthorized();
        post("/api/auth/password", anonymous, Map.of("currentPassword", PASSWORD, "newPassword", "another secret!"))
            .expectStatus()
            .isUnauthorized();
        this.client.delete()
            .uri("/api/auth/sessions/0192f1c8-0000-7000-8000-000000000001")
            .header("Authorization", "Bearer " + anonymous)
            .exchange()
            .expectStatus()
            .isUnauthorized();
    }

}
