package io.redkeep.defaults.problem;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * Every failure the contract names answers problem+json with the spec's status and code.
 */
@WebFluxTest
@Import(ProblemTestController.class)
@ImportAutoConfiguration(ProblemAutoConfiguration.class)
class ProblemErrorWebExceptionHandlerTests {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Autowired
    WebTestClient client;

    @Test
    void validationErrorsListEachField() {
        problem(this.client.post()
            .uri("/test/body")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\":\"far too long\",\"count\":1,\"items\":[{\"label\":null}]}")
            .exchange(), 400, "validation_failed").jsonPath("$.errors.length()")
            .isEqualTo(2)
            .jsonPath("$.errors[?(@.field=='name')].message")
            .exists()
            .jsonPath("$.errors[?(@.field=='items[0].label')].message")
            .exists()
            .jsonPath("$.instance")
            .isEqualTo("/test/body")
            .jsonPath("$.type")
            .isEqualTo("https://redkeep.dev/problems/validation_failed")
            .jsonPath("$.title")
            .isEqualTo("Validation failed");
    }

    @Test
    void wrongJsonTypesAreValidationFailuresNamingTheField() {
        postJson("{\"name\":5,\"count\":1}", "validation_failed").jsonPath("$.errors[0].field").isEqualTo("name");
        postJson("{\"name\":\"a\",\"count\":\"1\"}", "validation_failed").jsonPath("$.errors[0].field")
            .isEqualTo("count");
        postJson("{\"name\":\"a\",\"count\":1.5}", "validation_failed").jsonPath("$.errors[0].field")
            .isEqualTo("count");
        postJson("{\"name\":\"a\",\"count\":1,\"flag\":1}", "validation_failed").jsonPath("$.errors[0].field")
            .isEqualTo("flag");
    }

    @Test
    void unknownFieldsAreIgnored() {
        this.client.post()
            .uri("/test/body")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\":\"ok\",\"count\":2,\"unknown\":true}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.count")
            .isEqualTo(2);
    }

    @Test
    void bodiesThatAreNotJsonObjectsAreMalformed() {
        postJson("{\"name\":", "malformed_request");
        postJson("[1,2]", "malformed_request");
        postJson("42", "malformed_request");
        postJson("", "malformed_request");
    }

    @Test
    void queryConstraintViolationsNameTheParameter() {
        problem(this.client.get().uri("/test/query?limit=101").exchange(), 400, "validation_failed")
            .jsonPath("$.errors[0].field")
            .isEqualTo("limit");
        problem(this.client.get().uri("/test/query?limit=abc").exchange(), 400, "validation_failed")
            .jsonPath("$.errors[0].field")
            .isEqualTo("limit");
        problem(this.client.get().uri("/test/query").exchange(), 400, "validation_failed").jsonPath("$.errors[0]")
            .isEqualTo(java.util.Map.of("field", "limit", "message", "is required"));
    }

    @Test
    void constraintViolationExceptionsListPropertyPaths() {
        problem(this.client.get().uri("/test/violation").exchange(), 400, "validation_failed")
            .jsonPath("$.errors[*].field")
            .isEqualTo(java.util.List.of("items[0].label", "name"));
    }

    @Test
    void problemExceptionsKeepCodeStatusAndExtraMembers() {
        problem(this.client.get().uri("/test/conflict").exchange(), 429, "too_many_attempts").jsonPath("$.retryAfter")
            .isEqualTo(42)
            .jsonPath("$.detail")
            .isEqualTo("Too many failed logins");
    }

    @Test
    void unknownFailuresAre500WithoutInternals() {
        this.client.get()
            .uri("/test/boom")
            .exchange()
            .expectStatus()
            .isEqualTo(500)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(String.class)
            .value(not(containsString("db-internal")))
            .value(not(containsString("IllegalStateException")))
            .value(containsString("\"code\":\"internal_error\""));
    }

    @Test
    void frameworkStatusesHaveTheirCodes() {
        problem(this.client.get().uri("/nowhere").exchange(), 404, "not_found");
        problem(this.client.delete().uri("/test/json").exchange(), 405, "method_not_allowed").jsonPath("$.detail")
            .value(containsString("GET"));
        this.client.delete().uri("/test/json").exchange().expectHeader().valueEquals("Allow", "GET");
        problem(this.client.get().uri("/test/json").accept(MediaType.APPLICATION_XML).exchange(), 406,
                "not_acceptable");
        problem(this.client.post().uri("/test/body").contentType(MediaType.TEXT_PLAIN).bodyValue("name=x").exchange(),
                415, "unsupported_media_type");
    }

    @Test
    void declaredBodiesOverOneMebibyteAre413() {
        byte[] body = json(1024 * 1024 + 1);
        problem(this.client.post().uri("/test/body").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(),
                413, "payload_too_large");
    }

    @Test
    void streamedBodiesOverOneMebibyteAre413() {
        DefaultDataBufferFactory factory = DefaultDataBufferFactory.sharedInstance;
        byte[] body = json(1024 * 1024 + 10);
        Flux<DataBuffer> chunks = Flux.range(0, 11)
            .map((i) -> factory.wrap(Arrays.copyOfRange(body, Math.min(body.length, i * 100_000),
                    Math.min(body.length, (i + 1) * 100_000))));
        problem(this.client.post()
            .uri("/test/body")
            .contentType(MediaType.APPLICATION_JSON)
            .body(chunks, DataBuffer.class)
            .exchange(), 413, "payload_too_large");
    }

    @Test
    void bodiesUnderTheLimitButOverBootsCodecDefaultAreAccepted() {
        this.client.post()
            .uri("/test/body")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(json(600 * 1024))
            .exchange()
            .expectStatus()
            .isOk();
    }

    @Test
    void theTraceIdFollowsAnIncomingTraceparent() {
        this.client.get()
            .uri("/nowhere")
            .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
            .exchange()
            .expectBody()
            .jsonPath("$.traceId")
            .isEqualTo(TRACE_ID);
    }

    private WebTestClient.BodyContentSpec postJson(String json, String code) {
        return problem(
                this.client.post().uri("/test/body").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange(),
                400, code);
    }

    private static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(status)
            .jsonPath("$.code")
            .isEqualTo(code)
            .jsonPath("$.traceId")
            .value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{32}"));
    }

    private static byte[] json(int size) {
        String prefix = "{\"name\":\"ok\",\"count\":1,\"pad\":\"";
        String suffix = "\"}";
        return (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix)
            .getBytes(StandardCharsets.UTF_8);
    }

}
