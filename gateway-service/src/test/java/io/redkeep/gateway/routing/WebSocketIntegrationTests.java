package io.redkeep.gateway.routing;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.redkeep.defaults.identity.InternalKey;
import io.redkeep.defaults.identity.InternalTokenDecoder;
import io.redkeep.gateway.support.GatewayIntegrationTest;
import io.redkeep.session.IssuedSession;
import io.redkeep.session.NewSession;
import io.redkeep.session.SessionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /ws} route end to end: two realtime backends that are WebSocket echo
 * servers, a real session, and a real WebSocket client. The upgrade is authenticated
 * before it happens, the backend sees the internal token and none of the client's
 * credentials, frames flow both ways, connections are balanced across the backends, and a
 * close from either side reaches the other with its code.
 */
class WebSocketIntegrationTests extends GatewayIntegrationTest {

    static final EchoBackend one = new EchoBackend("ws-1");

    static final EchoBackend two = new EchoBackend("ws-2");

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /**
     * Spring Cloud Gateway 5.0 proxies a close but not its code: the proxied side sees
     * {@code 1002} (spring-cloud-gateway#1057, #1391); the original code is accepted too
     * so that a fixed gateway passes.
     */
    static final String CODE_NOTE = "close code: the sender's, or 1002 where Spring Cloud Gateway loses it";

    @Autowired
    WebTestClient client;

    @Autowired
    SessionStore sessions;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("redkeep.gateway.services.realtime.uris", () -> one.uri() + "," + two.uri());
    }

    @AfterAll
    static void stopBackends() {
        one.close();
        two.close();
    }

    @Test
    void anUpgradeWithoutASessionIsRefusedBeforeItHappens() {
        int upgradesBefore = one.upgrades.size() + two.upgrades.size();
        this.client.get()
            .uri("/ws")
            .header(HttpHeaders.UPGRADE, "websocket")
            .header(HttpHeaders.CONNECTION, "Upgrade")
            .header("Sec-WebSocket-Version", "13")
            .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("unauthenticated");
        StepVerifier
            .create(new ReactorNettyWebSocketClient().execute(gatewayUri(), (session) -> session.receive().then()))
            .expectErrorSatisfies((ex) -> assertThat(ex).hasMessageContaining("401"))
            .verify(TIMEOUT);
        assertThat(one.upgrades.size() + two.upgrades.size()).isEqualTo(upgradesBefore);
    }

    @Test
    void theBackendSeesTheInternalTokenAndNoneOfTheClientsCredentials() {
        IssuedSession session = newSession();
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.COOKIE, "rk_session=" + session.token() + "; theme=dark");
        headers.set("X-Redkeep-User-Id", "forged-admin");
        List<String> received = exchange(headers, List.of("ping"), 2);
        assertThat(received).hasSize(2);
        Map<String, String> upgrade = lastUpgrade();
        assertThat(upgrade).doesNotContainKey("x-redkeep-user-id");
        assertThat(upgrade.getOrDefault("cookie", "")).doesNotContain("rk_session").doesNotContain(session.token());
        String authorization = upgrade.get("authorization");
        assertThat(authorization).startsWith("Bearer ").doesNotContain(session.token());
        InternalTokenDecoder decoder = new InternalTokenDecoder(InternalKey.of(INTERNAL_KEY), Duration.ofSeconds(5),
                Clock.systemUTC());
        StepVerifier.create(decoder.decode(authorization.substring("Bearer ".length())))
            .assertNext((jwt) -> assertThat(jwt.getSubject()).isEqualTo(session.session().userId()))
            .verifyComplete();

        List<String> bearer = exchange(bearer(session), List.of("pong"), 2);
        assertThat(bearer).hasSize(2);
        assertThat(lastUpgrade().get("authorization")).startsWith("Bearer ").doesNotContain(session.token());
    }

    @Test
    void aQueryTokenAuthenticatesTheUpgradeAndNeverReachesTheBackend() {
        IssuedSession session = newSession();
        List<String> received = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient()
            .execute(URI.create(gatewayUri() + "?token=" + session.token() + "&room=lobby"),
                    (ws) -> ws.receive()
                        .map(WebSocketMessage::getPayloadAsText)
                        .doOnNext(received::add)
                        .take(1)
                        .then(ws.close()))
            .block(TIMEOUT);
        assertThat(received).hasSize(1);
        Map<String, String> upgrade = lastUpgrade();
        assertThat(upgrade.get(":uri")).doesNotContain(session.token()).doesNotContain("token=").contains("room=lobby");
        assertThat(upgrade.get("authorization")).startsWith("Bearer ").doesNotContain(session.token());
    }

    @Test
    void framesFlowBothWaysAndConnectionsAreBalancedAcrossTheBackends() {
        IssuedSession session = newSession();
        List<String> backends = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // the backend greets first, then echoes each frame the client sends
            List<String> received = exchange(bearer(session), List.of("a" + i, "b" + i), 3);
            String backend = received.get(0).substring("hello from ".length());
            assertThat(received).containsExactly("hello from " + backend, backend + " echoes a" + i,
                    backend + " echoes b" + i);
            backends.add(backend);
        }
        assertThat(backends).containsOnly("ws-1", "ws-2");
        assertThat(backends.stream().filter("ws-1"::equals).count()).isEqualTo(2);
    }

    @Test
    void aCloseFromTheClientEndsTheBackendConnection() {
        IssuedSession session = newSession();
        String marker = "bye-" + UUID.randomUUID();
        new ReactorNettyWebSocketClient().execute(gatewayUri(), bearer(session), (ws) -> {
            // after the greeting, like every exchange here (see exchange)
            Sinks.Empty<Void> greeted = Sinks.empty();
            Mono<Void> inbound = ws.receive().doOnNext((message) -> greeted.tryEmitEmpty()).take(2).then();
            Mono<Void> outbound = greeted.asMono().then(ws.send(Mono.just(ws.textMessage(marker))));
            return Mono.when(inbound, outbound).then(ws.close(new CloseStatus(4000, "client done")));
        }).block(TIMEOUT);
        assertThat(await(() -> (one.ended.contains(marker) || two.ended.contains(marker)) ? true : null))
            .as("the backend connection of the closed client ended")
            .isTrue();
        String code = (one.closes.get(marker) != null) ? one.closes.get(marker) : two.closes.get(marker);
        System.out.println("client closed with 4000; the backend saw close " + code);
        if (code != null) {
            assertThat(code).as(CODE_NOTE).isIn("4000 client done", "1002 ");
        }
    }

    @Test
    void aCloseFromTheBackendEndsTheClientConnection() {
        IssuedSession session = newSession();
        AtomicReference<CloseStatus> status = new AtomicReference<>();
        new ReactorNettyWebSocketClient().execute(gatewayUri(), bearer(session), (ws) -> {
            Mono<Void> closed = ws.closeStatus().doOnNext(status::set).then();
            Sinks.Empty<Void> greeted = Sinks.empty();
            Mono<Void> inbound = ws.receive().doOnNext((message) -> greeted.tryEmitEmpty()).then();
            Mono<Void> outbound = greeted.asMono().then(ws.send(Mono.just(ws.textMessage("close-me"))));
            return Mono.when(inbound, outbound).then(closed);
        }).block(TIMEOUT);
        System.out.println("backend closed with 4001; the client saw " + status.get());
        assertThat(status.get()).as("close status seen by the client").isNotNull();
        assertThat(status.get().getCode()).as(CODE_NOTE).isIn(4001, 1002);
    }

    /**
     * Opens a connection, waits for the backend's greeting, sends {@code frames}, and
     * collects the first {@code expected} frames received (greeting included). Frames
     * sent at once after the upgrade, before the proxied backend connection is up, were
     * lost now and then on a loaded machine (docs/gateway.md G4); the tests wait for the
     * greeting.
     */
    private List<String> exchange(HttpHeaders headers, List<String> frames, int expected) {
        List<String> received = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient().execute(gatewayUri(), headers, (ws) -> {
            Sinks.Empty<Void> greeted = Sinks.empty();
            Mono<Void> inbound = ws.receive().map(WebSocketMessage::getPayloadAsText).doOnNext((text) -> {
                received.add(text);
                greeted.tryEmitEmpty();
            }).take(expected).then();
            Mono<Void> outbound = greeted.asMono().then(ws.send(Flux.fromIterable(frames).map(ws::textMessage)));
            return Mono.when(inbound, outbound).then(ws.close());
        }).block(TIMEOUT);
        return received;
    }

    private Map<String, String> lastUpgrade() {
        List<Map<String, String>> all = new ArrayList<>(one.upgrades);
        all.addAll(two.upgrades);
        return all.stream()
            .max((a, b) -> Long.compare(Long.parseLong(a.get(":at")), Long.parseLong(b.get(":at"))))
            .orElseThrow();
    }

    private static <T> T await(Supplier<T> value) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            T result = value.get();
            if (result != null) {
                return result;
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return value.get();
    }

    private URI gatewayUri() {
        return URI.create("ws://127.0.0.1:" + this.port + "/ws");
    }

    private static HttpHeaders bearer(IssuedSession session) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(session.token());
        return headers;
    }

    private IssuedSession newSession() {
        return this.sessions.create(new NewSession(UUID.randomUUID().toString(), "user", "Ada", "127.0.0.1", "test"))
            .block(TIMEOUT);
    }

    /**
     * A realtime stand-in: a WebSocket endpoint on {@code /ws} that greets, echoes every
     * text frame with its name, closes with {@code 4001 server done} when told
     * {@code close-me}, and records each upgrade's headers and the close it received
     * (keyed by the first frame of the connection).
     */
    static final class EchoBackend implements AutoCloseable {

        final Queue<Map<String, String>> upgrades = new ConcurrentLinkedQueue<>();

        final Map<String, String> closes = new java.util.concurrent.ConcurrentHashMap<>();

        final Queue<String> ended = new ConcurrentLinkedQueue<>();

        private final LoopResources loops;

        private final DisposableServer server;

        EchoBackend(String name) {
            this.loops = LoopResources.create("ws-backend-" + name, 1, true);
            this.server = HttpServer.create()
                .runOn(this.loops)
                .host("127.0.0.1")
                .port(0)
                .route((routes) -> routes.get("/ws", (request, response) -> {
                    Map<String, String> headers = new TreeMap<>();
                    request.requestHeaders()
                        .forEach((h) -> headers.merge(h.getKey().toLowerCase(), h.getValue(), (a, b) -> a + "; " + b));
                    headers.put(":at", Long.toString(System.nanoTime()));
                    headers.put(":uri", request.uri());
                    this.upgrades.add(headers);
                    return response.sendWebsocket((in, out) -> session(name, in, out));
                }))
                .bindNow();
        }

        private Publisher<Void> session(String name, WebsocketInbound in, WebsocketOutbound out) {
            AtomicReference<String> first = new AtomicReference<>();
            in.receiveCloseStatus()
                .subscribe((status) -> this.closes.put(String.valueOf(first.get()),
                        status.code() + " " + status.reasonText()));
            in.withConnection((connection) -> connection.onDispose(() -> this.ended.add(String.valueOf(first.get()))));
            AtomicBoolean closeRequested = new AtomicBoolean();
            Flux<String> echoes = in.receive()
                .asString()
                .doOnNext((text) -> first.compareAndSet(null, text))
                .takeUntil((text) -> {
                    boolean close = text.equals("close-me");
                    closeRequested.compareAndSet(false, close);
                    return close;
                })
                .filter((text) -> !text.equals("close-me"))
                .map((text) -> name + " echoes " + text);
            return out.sendString(Flux.concat(Mono.just("hello from " + name), echoes))
                .then()
                .then(Mono.defer(() -> closeRequested.get() ? out.sendClose(4001, "server done") : Mono.empty()));
        }

        String uri() {
            return "http://127.0.0.1:" + this.server.port();
        }

        @Override
        public void close() {
            this.server.disposeNow();
            this.loops.dispose();
        }

    }

}
