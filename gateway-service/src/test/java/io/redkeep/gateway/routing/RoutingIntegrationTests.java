package io.redkeep.gateway.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.redkeep.defaults.identity.InternalKey;
import io.redkeep.defaults.identity.InternalTokenDecoder;
import io.redkeep.gateway.support.GatewayIntegrationTest;
import io.redkeep.gateway.support.TestBackend;
import io.redkeep.gateway.support.TestPrincipalWebFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing to real HTTP backends: what services receive, what clients get back when a
 * backend refuses, hangs or is cut off by its breaker, and the edge hygiene every
 * response carries. Requests are signed in through {@link TestPrincipalWebFilter}; edge
 * authentication has its own tests.
 */
class RoutingIntegrationTests extends GatewayIntegrationTest {

    static final TestBackend auth = new TestBackend("auth");

    static final TestBackend content = new TestBackend("content");

    static final TestBackend realtimeOne = new TestBackend("realtime-1");

    static final TestBackend realtimeTwo = new TestBackend("realtime-2");

    static final String refusing = TestBackend.refusingUri();

    static final String USER = "0192f1c8-0000-7000-8000-000000000001";

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("redkeep.gateway.services.auth.uri", auth::uri);
        registry.add("redkeep.gateway.services.content.uri", content::uri);
        registry.add("redkeep.gateway.services.content.response-timeout", () -> "1s");
        registry.add("redkeep.gateway.services.realtime.uris", () -> realtimeOne.uri() + "," + realtimeTwo.uri());
        registry.add("redkeep.gateway.services.analytics.uri", () -> refusing);
        registry.add("redkeep.gateway.browser.allowed-origins", () -> "https://app.example");
        // a loaded build machine can be slow to answer; what matters is who is missing
        registry.add("redkeep.gateway.docs.timeout", () -> "10s");
    }

    @AfterAll
    static void stopBackends() {
        auth.close();
        content.close();
        realtimeOne.close();
        realtimeTwo.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesNeverSeeClientCredentialsOrForwardingHeadersButAlwaysTheInternalToken() {
        Map<String, Object> echoed = this.client.post()
            .uri("/api/auth/register")
            .header("Authorization", "Bearer client-token")
            .header("Cookie", "rk_session=secret; theme=dark")
            .header("X-Forwarded-For", "6.6.6.6")
            .header("X-Forwarded-Proto", "https")
            .header("Forwarded", "for=6.6.6.6")
            .header("X-Redkeep-User", "admin")
            .header("X-Request-Id", "req-123")
            .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals("X-Request-Id", "req-123")
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
        Map<String, String> headers = (Map<String, String>) echoed.get("headers");
        assertThat(headers).doesNotContainKeys("x-forwarded-for", "x-forwarded-proto", "forwarded", "x-redkeep-user");
        assertThat(headers.get("cookie")).isEqualTo("theme=dark");
        assertThat(headers.get("x-request-id")).isEqualTo("req-123");
        assertThat(headers.get("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01");
        String authorization = headers.get("authorization");
        assertThat(authorization).startsWith("Bearer ").doesNotContain("client-token");
        InternalTokenDecoder decoder = new InternalTokenDecoder(InternalKey.of(INTERNAL_KEY), Duration.ofSeconds(5),
                java.time.Clock.systemUTC());
        StepVerifier.create(decoder.decode(authorization.substring("Bearer ".length()))).assertNext((jwt) -> {
            assertThat(jwt.getSubject()).isEqualTo(USER);
            assertThat(jwt.getClaimAsString("iss")).isEqualTo("redkeep-gateway");
            assertThat(jwt.getClaimAsString("ip")).isEqualTo("127.0.0.1");
        }).verifyComplete();
    }

    @Test
    void responsesCarryTheSecurityHeadersWhateverTheBackendSent() {
        this.client.post()
            .uri("/api/auth/register")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals("X-Content-Type-Options", "nosniff")
            .expectHeader()
            .valueEquals("Referrer-Policy", "no-referrer")
            .expectHeader()
            .valueEquals("Content-Security-Policy", "frame-ancestors 'none'")
            .expectHeader()
            .doesNotExist("Strict-Transport-Security")
            .expectHeader()
            .exists("X-Request-Id");
    }

    @Test
    @SuppressWarnings("unchecked")
    void realtimeRequestsAreBalancedAcrossItsInstances() {
        List<String> backends = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> echoed = this.client.get()
                .uri("/api/presence?userIds=a")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
            backends.add((String) echoed.get("backend"));
        }
        assertThat(backends).containsOnly("realtime-1", "realtime-2");
        assertThat(backends.stream().filter("realtime-1"::equals).count()).isEqualTo(2);
    }

    @Test
    void aRefusingBackendIs502ThenItsOpenBreakerAnswers503AtOnce() {
        List<Integer> statuses = new ArrayList<>();
        while (statuses.size() < 10 && !statuses.contains(503)) {
            this.client.get()
                .uri("/api/analytics/streak")
                .exchange()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value((detail) -> assertThat((String) detail).doesNotContain("127.0.0.1"))
                .jsonPath("$.status")
                .value((status) -> statuses.add((Integer) status));
        }
        // refused (and retried once, being a GET) until the breaker has seen enough
        // failures
        assertThat(statuses).first().isEqualTo(502);
        assertThat(statuses).last().isEqualTo(503);
        assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(502);
        this.client.get()
            .uri("/api/analytics/streak")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("service_unavailable");
    }

    @Test
    void aSlowBackendIs504() {
        this.client.get()
            .uri("/api/tasks/slow")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("timeout");
    }

    @Test
    void unknownPathsAndServiceActuatorsAreNotRouted() {
        for (String path : new String[] { "/api/nothing-here", "/actuator/prometheus", "/api/auth-x" }) {
            this.client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("not_found");
        }
    }

    @Test
    void oversizedBodiesAre413() {
        this.client.post()
            .uri("/api/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("x".repeat(1024 * 1024 + 1))
            .exchange()
            .expectStatus()
            .isEqualTo(413)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("payload_too_large");
    }

    @Test
    void crossOriginRequestsNeedAnAllowedOrigin() {
        this.client.post()
            .uri("/api/auth/register")
            .header("Origin", "https://evil.example")
            .exchange()
            .expectStatus()
            .isForbidden()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("forbidden");
        this.client.options()
            .uri("/api/auth/register")
            .header("Origin", "https://app.example")
            .header("Access-Control-Request-Method", "POST")
            .exchange()
            .expectStatus()
            .isNoContent()
            .expectHeader()
            .valueEquals("Access-Control-Allow-Origin", "https://app.example");
    }

    @Test
    void theApiDocsAggregateEveryServiceThatAnswers() {
        this.client.get()
            .uri("/api/docs/openapi.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.openapi")
            .isEqualTo("3.1.0")
            .jsonPath("$.paths['/api/auth/example'].get")
            .exists()
            .jsonPath("$.paths['/api/content/example'].get")
            .exists()
            .jsonPath("$.components.schemas.auth")
            .exists()
            .jsonPath("$['x-redkeep-unavailable']")
            .isEqualTo(List.of("analytics"));
        this.client.get()
            .uri("/api/docs")
            .exchange()
            .expectStatus()
            .value((status) -> assertThat(status).isBetween(200, 399));
    }

    @Test
    void theRootServesAPageLinkingTheApiDocs() {
        this.client.get()
            .uri("/")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .value((page) -> assertThat(page).contains("href=\"/api/docs\""));
    }

    @TestConfiguration
    static class SignedIn {

        @Bean
        TestPrincipalWebFilter testPrincipalWebFilter() {
            return new TestPrincipalWebFilter(USER);
        }

    }

}
