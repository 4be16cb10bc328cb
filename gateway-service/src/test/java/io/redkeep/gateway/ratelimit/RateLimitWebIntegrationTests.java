package io.redkeep.gateway.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.redkeep.gateway.support.GatewayIntegrationTest;
import io.redkeep.gateway.support.TestPrincipalWebFilter;
import io.redkeep.testsupport.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit filter in the running gateway: exact draft-10 headers, the 429 problem
 * with {@code Retry-After} and {@code violatedPolicies}, IP keys that a forged
 * {@code X-Forwarded-For} cannot move, and policies reloaded without a restart.
 */
@TestPropertySource(properties = { "redkeep.gateway.rate-limits.policies.search.limit=3",
        "redkeep.gateway.rate-limits.policies.login.limit=2" })
@ExtendWith(OutputCaptureExtension.class)
class RateLimitWebIntegrationTests extends GatewayIntegrationTest {

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    @Autowired
    ConfigurableEnvironment environment;

    @Autowired
    RateLimitPolicies policies;

    @BeforeEach
    void isolate() {
        RedisServer.shared().flushAll();
    }

    @Test
    void admittedResponsesCarryEveryPolicyAndTheOneClosestToExhaustion() {
        String user = UUID.randomUUID().toString();
        this.client.get()
            .uri("/api/search?q=x")
            .header(TestPrincipalWebFilter.HEADER, user)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals("RateLimit-Policy", "\"general\";q=300;w=60, \"search\";q=3;w=60")
            .expectHeader()
            .valueMatches("RateLimit", "\"search\";r=2;t=([1-9]|[1-5][0-9]|60)");
    }

    @Test
    void overTheLimitIs429WithRetryAfterAndTheViolatedPolicy() {
        String user = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            this.client.get()
                .uri("/api/search?q=x")
                .header(TestPrincipalWebFilter.HEADER, user)
                .exchange()
                .expectStatus()
                .isOk();
        }
        this.client.get()
            .uri("/api/search?q=x")
            .header(TestPrincipalWebFilter.HEADER, user)
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .valueMatches("Retry-After", "[1-9][0-9]*")
            .expectHeader()
            .valueEquals("RateLimit-Policy", "\"general\";q=300;w=60, \"search\";q=3;w=60")
            .expectHeader()
            .valueMatches("RateLimit", "\"search\";r=0;t=[1-9][0-9]*")
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(429)
            .jsonPath("$.code")
            .isEqualTo("rate_limited")
            .jsonPath("$.type")
            .isEqualTo("https://redkeep.dev/problems/rate_limited")
            .jsonPath("$.instance")
            .isEqualTo("/api/search")
            .jsonPath("$.violatedPolicies")
            .isEqualTo(java.util.List.of("search"))
            .jsonPath("$.traceId")
            .value((traceId) -> assertThat((String) traceId).matches("[0-9a-f]{32}"));
        // another user is not affected
        this.client.get()
            .uri("/api/search?q=x")
            .header(TestPrincipalWebFilter.HEADER, UUID.randomUUID().toString())
            .exchange()
            .expectStatus()
            .isOk();
    }

    @Test
    void aForgedForwardedForFromAnUntrustedPeerDoesNotMoveTheIpKey() {
        for (String forged : new String[] { "203.0.113.1", "203.0.113.2" }) {
            this.client.post()
                .uri("/api/auth/login")
                .header("X-Forwarded-For", forged)
                .exchange()
                .expectStatus()
                .isOk();
        }
        this.client.post()
            .uri("/api/auth/login")
            .header("X-Forwarded-For", "203.0.113.3")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
            .expectBody()
            .jsonPath("$.violatedPolicies[0]")
            .isEqualTo("login");
    }

    @Test
    void policiesAreReloadedWhenTheEnvironmentChanges() {
        String user = UUID.randomUUID().toString();
        this.environment.getPropertySources()
            .addFirst(new MapPropertySource("refreshed",
                    Map.of("redkeep.gateway.rate-limits.policies.search.limit", "1")));
        try {
            this.context.publishEvent(new EnvironmentChangeEvent(this.context,
                    Set.of("redkeep.gateway.rate-limits.policies.search.limit")));
            this.client.get()
                .uri("/api/search?q=x")
                .header(TestPrincipalWebFilter.HEADER, user)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches("RateLimit", "\"search\";r=0;t=[0-9]+");
            this.client.get()
                .uri("/api/search?q=x")
                .header(TestPrincipalWebFilter.HEADER, user)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        }
        finally {
            this.environment.getPropertySources().remove("refreshed");
            this.context.publishEvent(new EnvironmentChangeEvent(this.context,
                    Set.of("redkeep.gateway.rate-limits.policies.search.limit")));
        }
    }

    /**
     * The only source of the "Rate-limit policies not reloaded … BindException" log line
     * in the test logs: a reload that does not bind is refused, said so, and the previous
     * policies stay in force.
     */
    @Test
    void anInvalidReloadKeepsThePreviousPolicies(CapturedOutput output) {
        List<RateLimitPolicy> before = this.policies.all();
        this.environment.getPropertySources()
            .addFirst(new MapPropertySource("broken",
                    Map.of("redkeep.gateway.rate-limits.policies.search.algorithm", "no-such-algorithm")));
        try {
            this.context.publishEvent(new EnvironmentChangeEvent(this.context,
                    Set.of("redkeep.gateway.rate-limits.policies.search.algorithm")));
            assertThat(output.getOut()).contains("Rate-limit policies not reloaded, keeping").contains("BindException");
            assertThat(this.policies.all()).isSameAs(before);
            this.client.get()
                .uri("/api/search?q=x")
                .header(TestPrincipalWebFilter.HEADER, UUID.randomUUID().toString())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches("RateLimit", "\"search\";r=2;t=[0-9]+");
        }
        finally {
            this.environment.getPropertySources().remove("broken");
        }
    }

    @TestConfiguration
    static class Backend {

        @Bean
        TestPrincipalWebFilter testPrincipalWebFilter() {
            return new TestPrincipalWebFilter();
        }

        @Bean
        RouterFunction<ServerResponse> testBackend() {
            return RouterFunctions.route()
                .GET("/api/search", (request) -> ServerResponse.ok().bodyValue("{\"items\":[]}"))
                .POST("/api/auth/login", (request) -> ServerResponse.ok().bodyValue("{}"))
                .build();
        }

    }

}
