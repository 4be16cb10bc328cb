package io.redkeep.content;

import java.time.Duration;
import java.util.List;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.redkeep.defaults.ServiceBootContract;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service boots with the shared defaults ({@link ServiceBootContract}), on the
 * context the other integration tests share, and continues W3C traces.
 */
class ContentApplicationIntegrationTests extends ContentIntegrationTest implements ServiceBootContract {

    @Autowired
    Tracer tracer;

    @Override
    public WebTestClient bootClient() {
        return WebTestClient.bindToServer().baseUrl(uri("").toString()).responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Override
    public InternalTokenIssuer bootTokens() {
        return this.tokens;
    }

    // The first connection of a role is made lazily; on a loaded machine the first probe
    // may still see it connecting.
    @Override
    public Duration healthWait() {
        return Duration.ofSeconds(20);
    }

    @Override
    public List<String> securedPaths() {
        return List.of("/api/anything", "/api/notes", "/api/search?q=x");
    }

    @Test
    void tracingIsBraveAndContinuesAnIncomingW3cTrace() {
        assertThat(this.tracer).isInstanceOf(BraveTracer.class);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        bootClient().get()
            .uri("/api/anything")
            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectBody()
            .jsonPath("$.traceId")
            .isEqualTo(traceId);
    }

}
