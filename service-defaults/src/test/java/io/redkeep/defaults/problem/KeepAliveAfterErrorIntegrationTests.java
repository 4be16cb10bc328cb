package io.redkeep.defaults.problem;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error answer must leave a kept-alive connection usable: the request after it on the
 * same connection is answered at once. The gateway reaches every service over pooled
 * keep-alive connections, so a connection that stops reading after an error stalls a
 * user's request until a timeout. Runs the full service stack (security, request-id,
 * access log, body limit, problem handler) on a real Netty server and talks to it over a
 * plain socket, one connection per test.
 */
@SpringBootTest(classes = KeepAliveAfterErrorIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "redkeep.security.internal-key=keep-alive-test-key-0123456789abcdef",
                "redkeep.web.body.max-size=1KB", "logging.level.io.redkeep.access=warn" })
class KeepAliveAfterErrorIntegrationTests {

    /** Far above any answer on a healthy connection; only a stalled one reaches it. */
    private static final Duration STALL = Duration.ofSeconds(10);

    private static final int ROUNDS = 200;

    @LocalServerPort
    int port;

    @Autowired
    InternalTokenIssuer tokens;

    /**
     * The sequence of the auth flake, without pipelining: a request answered after an
     * asynchronous hop, an error answered synchronously, then a valid request, each sent
     * only once the previous answer has arrived.
     */
    @Test
    void theRequestAfterAnErrorIsAnsweredOnTheSameConnection() throws IOException {
        Exchanges exchanges = new Exchanges();
        for (int round = 0; round < ROUNDS; round++) {
            String token = token();
            BadRequest bad = BadRequest.values()[round % BadRequest.values().length];
            exchanges.expect(get("/test/slow", token), 200, "slow request, round " + round);
            exchanges.expect(bad.request(token), bad.status, bad + ", round " + round);
            exchanges.expect(get("/test/json", token), 200, "request after " + bad + ", round " + round);
        }
        exchanges.close();
    }

    /**
     * The same with the error pipelined behind a slower request (the server queues it
     * until the first is done): deterministic, where the sequence above is a race.
     */
    @Test
    void theRequestAfterAPipelinedErrorIsAnsweredOnTheSameConnection() throws IOException {
        Exchanges exchanges = new Exchanges();
        for (int round = 0; round < ROUNDS / BadRequest.values().length; round++) {
            String token = token();
            for (BadRequest bad : BadRequest.values()) {
                exchanges.expectPipelined(get("/test/slow", token), 200, bad.request(token), bad.status,
                        bad + " pipelined, round " + round);
                exchanges.expect(get("/test/json", token), 200, "request after " + bad + ", round " + round);
            }
        }
        exchanges.close();
    }

    private String token() {
        return this.tokens
            .issue(Caller.user("0192f1c8-0000-7000-8000-000000000001", "s-1", "user", "Ada", "203.0.113.7"));
    }

    static String get(String path, String token) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    }

    static String post(String path, String token, String contentType, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static String postChunked(String path, String token, String body) {
        StringBuilder request = new StringBuilder(
                "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int start = 0; start < body.length(); start += 256) {
            String chunk = body.substring(start, Math.min(body.length(), start + 256));
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return request.append("0\r\n\r\n").toString();
    }

    /** Every kind of refusal a service answers before or while reading a request. */
    enum BadRequest {

        MALFORMED_JSON(400, (token) -> post("/test/body", token, "application/json", "{\"name\": \"a\", ")),

        INVALID_FIELD(400,
                (token) -> post("/test/body", token, "application/json", "{\"name\":\"far too long\",\"count\":1}")),

        WRONG_FIELD_TYPE(400,
                (token) -> post("/test/body", token, "application/json", "{\"name\":\"a\",\"count\":\"x\"}")),

        UNSUPPORTED_MEDIA_TYPE(415, (token) -> post("/test/body", token, "text/plain", "name=a")),

        DECLARED_BODY_TOO_LARGE(413, (token) -> post("/test/body", token, "application/json", largeJson())),

        CHUNKED_BODY_TOO_LARGE(413, (token) -> postChunked("/test/body", token, largeJson())),

        INVALID_QUERY(400, (token) -> get("/test/query?limit=0", token)),

        MISSING_QUERY(400, (token) -> get("/test/query", token)),

        NO_TOKEN(401, (token) -> "GET /test/json HTTP/1.1\r\nHost: localhost\r\n\r\n");

        final int status;

        private final UnaryOperator<String> request;

        BadRequest(int status, UnaryOperator<String> request) {
            this.status = status;
            this.request = request;
        }

        String request(String token) {
            return this.request.apply(token);
        }

        static String largeJson() {
            return "{\"name\":\"" + "x".repeat(4096) + "\",\"count\":1}";
        }

    }

    /**
     * The conversation on one connection. A response that announces
     * {@code Connection: close} is a legitimate way to end a connection after an error;
     * the server must then really close it, and the conversation continues on a new one.
     */
    final class Exchanges {

        private RawHttpConnection connection;

        private final List<String> closedAfter = new ArrayList<>();

        Exchanges() throws IOException {
            this.connection = new RawHttpConnection(KeepAliveAfterErrorIntegrationTests.this.port, STALL);
        }

        void expect(String request, int status, String what) throws IOException {
            this.connection.send(request);
            check(this.connection.read(what), status, what);
        }

        void expectPipelined(String first, int firstStatus, String second, int secondStatus, String what)
                throws IOException {
            this.connection.send(first + second);
            RawHttpConnection.Response firstResponse = this.connection.read("first of " + what);
            assertThat(firstResponse.status()).as("first of %s", what).isEqualTo(firstStatus);
            assertThat(firstResponse.closesConnection()).as("first of %s closes", what).isFalse();
            check(this.connection.read(what), secondStatus, what);
        }

        private void check(RawHttpConnection.Response response, int status, String what) throws IOException {
            assertThat(response.status()).as("%s: %s", what, response.body()).isEqualTo(status);
            if (response.closesConnection()) {
                assertThat(this.connection.closedByServer()).as("server closed after %s", what).isTrue();
                this.connection.close();
                this.connection = new RawHttpConnection(KeepAliveAfterErrorIntegrationTests.this.port, STALL);
                this.closedAfter.add(what);
            }
        }

        void close() throws IOException {
            this.connection.close();
        }

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ ProblemTestController.class, SlowController.class })
    static class App {

    }

    @RestController
    static class SlowController {

        /** Answers after a hop to a timer thread, as a handler waiting on Redis would. */
        @GetMapping("/test/slow")
        Mono<String> slow() {
            return Mono.delay(Duration.ofMillis(2)).thenReturn("slow");
        }

    }

}
