package io.redkeep.auth;

import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Register, {@code /api/auth/me} and {@code GET /api/users?email=}: success and every
 * error the spec lists.
 */
class RegistrationAndProfileIntegrationTests extends AuthApiTest {

    @Test
    void registerCreatesAUserWithoutASession() {
        String email = email("Reg");
        post("/api/auth/register", anonymousToken(ip()),
                Map.of("email", email, "password", PASSWORD, "displayName", "  Ada Lovelace\u00a0"))
            .expectStatus()
            .isCreated()
            .expectHeader()
            .doesNotExist("Set-Cookie")
            .expectBody()
            .jsonPath("$.id")
            .isNotEmpty()
            .jsonPath("$.email")
            .isEqualTo(email)
            .jsonPath("$.displayName")
            .isEqualTo("Ada Lovelace")
            .jsonPath("$.role")
            .isEqualTo("user")
            .jsonPath("$.createdAt")
            .value((createdAt) -> assertThat((String) createdAt)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"))
            .jsonPath("$.password")
            .doesNotExist()
            .jsonPath("$.passwordHash")
            .doesNotExist();
    }

    @Test
    void registerRefusesAnEmailTakenInAnyLetterCase() {
        String email = email("taken");
        register(email, "First");
        post("/api/auth/register", anonymousToken(ip()),
                Map.of("email", email.toUpperCase(), "password", PASSWORD, "displayName", "Second"))
            .expectStatus()
            .isEqualTo(409)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("email_taken");
    }

    @Test
    void registerValidatesEveryField() {
        String token = anonymousToken(ip());
        expectInvalid(post("/api/auth/register", token,
                Map.of("email", "not-an-email", "password", PASSWORD, "displayName", "A")), "email");
        expectInvalid(
                post("/api/auth/register", token, Map.of("email", email("x"), "password", "short", "displayName", "A")),
                "password");
        String email = email("same");
        expectInvalid(post("/api/auth/register", token,
                Map.of("email", email, "password", email.toUpperCase(), "displayName", "A")), "password");
        expectInvalid(post("/api/auth/register", token,
                Map.of("email", email("x"), "password", "x".repeat(129), "displayName", "A")), "password");
        expectInvalid(
                post("/api/auth/register", token,
                        Map.of("email", email("x"), "password", "ten chars \u0000 nul", "displayName", "A")),
                "password");
        expectInvalid(post("/api/auth/register", token,
                Map.of("email", email("x"), "password", PASSWORD, "displayName", " \u3000\t ")), "displayName");
        expectInvalid(
                post("/api/auth/register", token,
                        Map.of("email", email("x"), "password", PASSWORD, "displayName", "\ud83d\ude00".repeat(65))),
                "displayName");
        expectInvalid(post("/api/auth/register", token, Map.of("email", email("x"), "password", PASSWORD)),
                "displayName");
        expectInvalid(
                post("/api/auth/register", token, Map.of("email", 42, "password", PASSWORD, "displayName", "Typed")),
                "email");
        expectInvalid(
                post("/api/auth/register", token,
                        Map.of("email", "a".repeat(250) + "@x.io", "password", PASSWORD, "displayName", "Long")),
                "email");
    }

    @Test
    void displayNameLengthCountsCodePoints() {
        post("/api/auth/register", anonymousToken(ip()),
                Map.of("email", email("emoji"), "password", PASSWORD, "displayName", "\ud83d\ude00".repeat(64)))
            .expectStatus()
            .isCreated();
    }

    @Test
    void registerRejectsBodiesThatAreNotJsonObjects() {
        String token = anonymousToken(ip());
        post("/api/auth/register", token, "[1, 2]").expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("malformed_request");
        post("/api/auth/register", token, "{\"email\": ").expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("malformed_request");
    }

    @Test
    void registerWithoutInternalTokenIsUnauthenticated() {
        this.client.post()
            .uri("/api/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", email("x"), "password", PASSWORD, "displayName", "A"))
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("unauthenticated");
    }

    @Test
    void bodiesOverOneMebibyteAreTooLarge() {
        post("/api/auth/register", anonymousToken(ip()),
                Map.of("email", email("big"), "password", PASSWORD, "displayName", "x".repeat(1_100_000)))
            .expectStatus()
            .isEqualTo(413)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("payload_too_large");
    }

    @Test
    void meAnswersTheCallerAndPatchRenamesEverywhere() {
        String email = email("me");
        String userId = register(email, "Before");
        String session = login(email, PASSWORD, ip());
        get("/api/auth/me", tokenFor(session)).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(userId)
            .jsonPath("$.displayName")
            .isEqualTo("Before");
        assertThat(AuthTestSupport.redis().get("tk:cache:user:{" + userId + "}:profile")).contains("Before");

        this.client.patch()
            .uri("/api/auth/me")
            .header("Authorization", "Bearer " + tokenFor(session))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("displayName", " After "))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.displayName")
            .isEqualTo("After");
        get("/api/auth/me", tokenFor(session)).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.displayName")
            .isEqualTo("After");
        StepVerifier.create(this.sessions.find(session))
            .assertNext((record) -> assertThat(record.displayName()).isEqualTo("After"))
            .verifyComplete();
        assertThat(AuthTestSupport.authStream()).anySatisfy((entry) -> {
            assertThat(entry.get("type")).isEqualTo("user.updated");
            assertThat(entry.get("envelope")).contains(userId).contains("After");
        });
    }

    @Test
    void patchValidatesTheDisplayName() {
        String email = email("patch");
        register(email, "Valid");
        String token = tokenFor(login(email, PASSWORD, ip()));
        this.client.patch()
            .uri("/api/auth/me")
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"displayName\": \"\"}")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("displayName");
        this.client.patch()
            .uri("/api/auth/me")
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"displayName\": null}")
            .exchange()
            .expectStatus()
            .isBadRequest();
    }

    @Test
    void meNeedsASignedInCaller() {
        get("/api/auth/me", anonymousToken(ip())).expectStatus()
            .isUnauthorized()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("unauthenticated");
    }

    @Test
    void directoryFindsExactlyOneUserIgnoringCase() {
        String email = email("Directory");
        String userId = register(email, "Findable");
        String token = tokenFor(login(email, PASSWORD, ip()));
        get("/api/users?email=" + email.toUpperCase(), token).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.items.length()")
            .isEqualTo(1)
            .jsonPath("$.items[0].id")
            .isEqualTo(userId)
            .jsonPath("$.items[0].displayName")
            .isEqualTo("Findable")
            .jsonPath("$.items[0].email")
            .doesNotExist();
        get("/api/users?email=nobody-" + System.nanoTime() + "@example.com", token).expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.items.length()")
            .isEqualTo(0);
        expectInvalid(get("/api/users?email=nope", token), "email");
        expectInvalid(get("/api/users", token), "email");
        get("/api/users?email=" + email, anonymousToken(ip())).expectStatus().isUnauthorized();
    }

    static void expectInvalid(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response,
            String field) {
        response.expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("validation_failed")
            .jsonPath("$.errors[?(@.field == '" + field + "')]")
            .exists();
    }

}
