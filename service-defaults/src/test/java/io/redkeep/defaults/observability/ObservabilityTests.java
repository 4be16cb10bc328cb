package io.redkeep.defaults.observability;

import java.util.List;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.redkeep.defaults.problem.ImportProblemAutoConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request ids and the access log, seen from a client and from the log.
 */
@WebFluxTest
@Import(ObservabilityTests.EchoController.class)
@ImportProblemAutoConfiguration
@ImportAutoConfiguration(ObservabilityAutoConfiguration.class)
class ObservabilityTests {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Autowired
    WebTestClient client;

    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

    @BeforeEach
    void captureAccessLog() {
        this.accessLog.start();
        ((Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER)).addAppender(this.accessLog);
    }

    @AfterEach
    void releaseAccessLog() {
        ((Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER)).detachAppender(this.accessLog);
    }

    @Test
    void aSaneIncomingRequestIdIsKeptAndEchoed() {
        this.client.get()
            .uri("/echo")
            .header("X-Request-Id", "gw-1234.abc")
            .exchange()
            .expectHeader()
            .valueEquals("X-Request-Id", "gw-1234.abc")
            .expectBody(String.class)
            .isEqualTo("gw-1234.abc");
    }

    @Test
    void aMissingRequestIdIsGenerated() {
        String id = this.client.get()
            .uri("/echo")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders()
            .getFirst("X-Request-Id");
        assertThat(id).matches(UUID);
    }

    @Test
    void anInsaneRequestIdIsReplaced() {
        String id = this.client.get()
            .uri("/echo")
            .header("X-Request-Id", "evil value\twith spaces" + "x".repeat(200))
            .exchange()
            .returnResult(String.class)
            .getResponseHeaders()
            .getFirst("X-Request-Id");
        assertThat(id).matches(UUID);
    }

    @Test
    void everyRequestWritesOneAccessLogLine() {
        this.client.get()
            .uri("/missing")
            .header("X-Request-Id", "req-42")
            .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectBody()
            .jsonPath("$.traceId")
            .isEqualTo(TRACE_ID);
        List<String> lines = this.accessLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("method=GET path=/missing status=404 durationMs=")
            .contains("requestId=req-42", "traceId=" + TRACE_ID, "user=-");
        assertThat(this.accessLog.list.get(0).getKeyValuePairs()).extracting((pair) -> pair.key)
            .containsExactly("method", "path", "status", "durationMs", "requestId", "traceId", "user");
    }

    @RestController
    static class EchoController {

        @GetMapping("/echo")
        Mono<String> echo(@RequestHeader("X-Request-Id") String requestId) {
            return Mono.just(requestId);
        }

    }

}
