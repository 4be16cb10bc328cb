package io.redkeep.bench.realtime;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * A text WebSocket connection over Reactor Netty: frames out through a bounded sink,
 * frames in to a callback on the connection's event loop. Both protocols of the benchmark
 * (realtime-service's JSON frames, Engine.IO) sit on top of it.
 */
final class WebSocketLink {

    private static final int OUTBOUND_QUEUE = 4096;

    private static final HttpClient CLIENT = HttpClient.create(ConnectionProvider.newConnection())
        .responseTimeout(Duration.ofSeconds(30));

    private final Sinks.Many<String> outbound = Sinks.many()
        .unicast()
        .onBackpressureBuffer(reactor.util.concurrent.Queues.<String>get(OUTBOUND_QUEUE).get());

    private volatile Disposable connection;

    private volatile boolean closing;

    private WebSocketLink() {
    }

    /**
     * Opens the connection; completes once the upgrade succeeded.
     * @param uri {@code ws://host:port/path}
     * @param bearer token for {@code Authorization: Bearer}, or {@code null}
     * @param onFrame every inbound text frame
     * @param onClosed called once when the connection ends (null cause: normal end)
     */
    static Mono<WebSocketLink> open(URI uri, String bearer, Consumer<String> onFrame, Consumer<Throwable> onClosed) {
        return Mono.defer(() -> {
            WebSocketLink link = new WebSocketLink();
            Sinks.One<WebSocketLink> upgraded = Sinks.one();
            HttpClient client = CLIENT.headers((headers) -> {
                if (bearer != null) {
                    headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
                }
            });
            link.connection = client.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(65536).build())
                .uri(uri)
                .handle((in, out) -> {
                    upgraded.tryEmitValue(link);
                    Mono<Void> reading = in.receive().asString().doOnNext(onFrame).then();
                    Mono<Void> writing = out.sendString(link.outbound.asFlux(), java.nio.charset.StandardCharsets.UTF_8)
                        .then();
                    return Mono.firstWithSignal(reading, writing);
                })
                .then()
                .subscribe((ignored) -> {
                }, (error) -> {
                    upgraded.tryEmitError(error);
                    if (!link.closing) {
                        onClosed.accept(error);
                    }
                }, () -> {
                    upgraded.tryEmitError(new IllegalStateException("connection to " + uri + " ended at once"));
                    if (!link.closing) {
                        onClosed.accept(null);
                    }
                });
            return upgraded.asMono();
        });
    }

    /**
     * Queues one text frame; false when the outbound queue is full or the connection is
     * gone (the frame is dropped and counted by the caller).
     */
    synchronized boolean send(String frame) {
        return this.outbound.tryEmitNext(frame).isSuccess();
    }

    void close() {
        this.closing = true;
        synchronized (this) {
            this.outbound.tryEmitComplete();
        }
        Disposable current = this.connection;
        if (current != null) {
            Mono.delay(Duration.ofSeconds(2)).subscribe((tick) -> current.dispose());
        }
    }

}
