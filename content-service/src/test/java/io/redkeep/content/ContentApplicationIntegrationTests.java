package io.redkeep.content;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service boots with the shared defaults: public health and metrics, problem+json 401
 * without an internal token, problem+json 404 with one, W3C trace continuation.
 */
class ContentApplicationIntegrationTests extends ContentIntegrationTest {

    @Autowired
    Tracer tracer;

    @Test
    void healthAndPrometheusArePublic() {
        // The first connection of a role is made lazily; on a loaded machine the first
        // probe may still see it connecting.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        EntityExchangeResult<String> health;
        do {
            health = anonymous().get().uri("/actuator/health").exchange().expectBody(String.class).returnResult();
        }
        while (health.getStatus().value() != 200 && System.nanoTime() < deadline && pause());
        assertThat(health.getStatus().value()).as(health.getResponseBody()).isEqualTo(200);
        assertThat(json(health.getResponseBody()).get("status").asString()).isEqualTo("UP");
        anonymous().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        anonymous().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void anyOtherPathWithoutTokenIs401Problem() {
        for (String path : new String[] { "/api/anything", "/api/notes", "/api/search?q=x" }) {
            anonymous().get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthenticated");
        }
    }

    @Test
    void unknownPathWithValidTokenIs404Problem() {
        as(UUID.randomUUID()).get()
            .uri("/api/does-not-exist")
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
    void tracingIsBraveAndContinuesAnIncomingW3cTrace() {
        assertThat(this.tracer).isInstanceOf(BraveTracer.class);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        anonymous().get()
            .uri("/api/anything")
            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectBody()
            .jsonPath("$.traceId")
            .isEqualTo(traceId);
    }

    private static boolean pause() {
        try {
            Thread.sleep(250);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private WebTestClient anonymous() {
        return WebTestClient.bindToServer().baseUrl(uri("").toString()).responseTimeout(Duration.ofSeconds(20)).build();
    }

}
