package io.redkeep.bench.content;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Calls content-service's API, directly or through the gateway, as a given user. How the
 * user is identified is the caller's choice: an internal token for direct calls, a
 * session token through the gateway. One bounded connection pool per client; the client's
 * event loops are its own, not the services' (they run in other JVMs).
 */
final class ContentClient implements AutoCloseable {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;

    private final ConnectionProvider connections;

    private final Function<UUID, String> bearer;

    ContentClient(String name, URI baseUri, int maxConnections, LoopResources loops, Function<UUID, String> bearer) {
        this.connections = ConnectionProvider.builder(name)
            .maxConnections(maxConnections)
            .pendingAcquireMaxCount(4096)
            .pendingAcquireTimeout(RESPONSE_TIMEOUT)
            .build();
        this.http = HttpClient.create(this.connections)
            .runOn(loops)
            .baseUrl(baseUri.toString())
            .responseTimeout(RESPONSE_TIMEOUT);
        this.bearer = bearer;
    }

    /**
     * {@code GET /api/search?q=...} as {@code user}.
     */
    Mono<Reply> search(UUID user, String query) {
        String uri = "/api/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
        return this.http.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, authorization(user)))
            .get()
            .uri(uri)
            .responseSingle((response, body) -> body.asByteArray()
                .defaultIfEmpty(new byte[0])
                .map((bytes) -> new Reply(response.status().code(), response.responseHeaders().get("X-Cache"),
                        bytes.length)));
    }

    /** {@code POST /api/{plural}} with a JSON body as {@code user}. */
    Mono<Reply> create(UUID user, String plural, String json) {
        return this.http
            .headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, authorization(user))
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON))
            .post()
            .uri("/api/" + plural)
            .send(ByteBufFlux.fromString(Mono.just(json)))
            .responseSingle((response, body) -> body.asByteArray()
                .defaultIfEmpty(new byte[0])
                .map((bytes) -> new Reply(response.status().code(), null, bytes.length)));
    }

    private String authorization(UUID user) {
        return "Bearer " + this.bearer.apply(user);
    }

    @Override
    public void close() {
        this.connections.dispose();
    }

    /** Status, {@code X-Cache} (or {@code null}) and body size of one response. */
    record Reply(int status, String cache, int bytes) {

    }

}
