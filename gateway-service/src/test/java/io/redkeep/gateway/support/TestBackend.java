package io.redkeep.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in service on a free loopback port: answers every request with the headers it
 * received (as JSON) and its own name; paths containing {@code /slow} answer after three
 * seconds; {@code /v3/api-docs} is a one-path OpenAPI document.
 */
public final class TestBackend implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final LoopResources loops;

    private final DisposableServer server;

    private final AtomicInteger requests = new AtomicInteger();

    public TestBackend(String name) {
        // own event loops: a gateway context closing its Reactor Netty resources must not
        // take the backends down with it
        this.loops = LoopResources.create("test-backend-" + name, 1, true);
        this.server = HttpServer.create().runOn(this.loops).host("127.0.0.1").port(0).handle((request, response) -> {
            this.requests.incrementAndGet();
            Map<String, Object> body = new TreeMap<>();
            Map<String, String> headers = new TreeMap<>();
            request.requestHeaders()
                .forEach((header) -> headers.merge(header.getKey().toLowerCase(), header.getValue(),
                        (a, b) -> a + "\n" + b));
            body.put("backend", name);
            body.put("path", request.uri());
            body.put("headers", headers);
            Mono<String> answer = Mono.just(json.writeValueAsString(body));
            if (request.uri().startsWith("/v3/api-docs")) {
                answer = Mono.just("{\"openapi\":\"3.1.0\",\"paths\":{\"/api/" + name
                        + "/example\":{\"get\":{}}},\"components\":{\"schemas\":{\"" + name + "\":{}}}}");
            }
            if (request.uri().contains("/slow")) {
                answer = answer.delayElement(Duration.ofSeconds(3));
            }
            return response.header("Content-Type", "application/json")
                .header("X-Content-Type-Options", "sniff-me")
                .sendString(answer);
        }).bindNow();
    }

    public String uri() {
        return "http://127.0.0.1:" + this.server.port();
    }

    public int requests() {
        return this.requests.get();
    }

    @Override
    public void close() {
        this.server.disposeNow();
        this.loops.dispose();
    }

    /** A loopback URI nothing listens on: connecting to it is refused. */
    public static String refusingUri() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
