package io.redkeep.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket test client on Reactor Netty: frames received go to a queue the test polls;
 * reading can be paused (no demand, so Netty stops reading the socket) to play a slow
 * consumer.
 */
public final class WsClient implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();

    private final Sinks.Many<WebSocketFrame> outgoing = Sinks.many().unicast().onBackpressureBuffer();

    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

    private volatile boolean paused;

    private volatile Reader reader;

    private Disposable connection;

    private WsClient() {
    }

    static WsClient connect(int port, String token) {
        return connect(port, token, 0);
    }

    static WsClient connect(int port, String token, int receiveBuffer) {
        WsClient client = new WsClient();
        HttpClient http = HttpClient.create();
        if (receiveBuffer > 0) {
            http = http.option(io.netty.channel.ChannelOption.SO_RCVBUF, receiveBuffer);
        }
        client.connection = http.headers((headers) -> {
            if (token != null) {
                headers.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
            }
        })
            .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(256 * 1024).handlePing(true).build())
            .uri("ws://127.0.0.1:" + port + "/ws")
            .handle((in, out) -> {
                in.receiveCloseStatus().subscribe((status) -> client.closeCode.complete(status.code()));
                Reader reader = client.new Reader();
                client.reader = reader;
                in.aggregateFrames(512 * 1024).receiveFrames().map((frame) -> {
                    // Copy out at once: Netty releases the buffer after this.
                    return (frame instanceof TextWebSocketFrame text) ? text.text() : "";
                }).subscribe(reader);
                return out.sendObject(client.outgoing.asFlux()).then(reactor.core.publisher.Mono.never());
            })
            .subscribe(null, (ex) -> {
                client.failure.complete(ex);
                client.closeCode.complete(-1);
            }, () -> client.closeCode.complete(client.closeCode.getNow(1006)));
        return client;
    }

    public void send(String json) {
        this.outgoing.tryEmitNext(new TextWebSocketFrame(json));
    }

    public void sendFrame(WebSocketFrame frame) {
        this.outgoing.tryEmitNext(frame);
    }

    public void send(JsonNode json) {
        send(MAPPER.writeValueAsString(json));
    }

    /** Waits for the next frame matching {@code filter}, dropping others. */
    public JsonNode await(Predicate<JsonNode> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No matching frame within " + timeout);
            }
            try {
                JsonNode frame = this.frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && filter.test(frame)) {
                    return frame;
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    public JsonNode await(String type, Duration timeout) {
        return await((frame) -> type.equals(frame.path("type").asString()), timeout);
    }

    /** Every frame received within {@code quiet} of the previous one. */
    public List<JsonNode> drain(Duration quiet) {
        List<JsonNode> all = new ArrayList<>();
        try {
            JsonNode frame;
            while ((frame = this.frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                all.add(frame);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return all;
    }

    /** Stops reading: no demand, so the socket is no longer read. */
    public void pause() {
        this.paused = true;
    }

    public void resume() {
        this.paused = false;
        Reader current = this.reader;
        if (current != null) {
            current.requestMore();
        }
    }

    /** The close code, waiting up to {@code timeout}; -1 on a connection failure. */
    public int awaitClose(Duration timeout) {
        try {
            return this.closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (Exception ex) {
            throw new AssertionError("Not closed within " + timeout, ex);
        }
    }

    public boolean isClosed() {
        return this.closeCode.isDone();
    }

    public Throwable failure(Duration timeout) {
        try {
            return this.failure.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (Exception ex) {
            return null;
        }
    }

    /** Closes like a browser does: a close frame (1000), then the socket. */
    @Override
    public void close() {
        if (!this.closeCode.isDone()) {
            this.outgoing.tryEmitNext(new CloseWebSocketFrame(1000, "bye"));
            try {
                this.closeCode.get(2, TimeUnit.SECONDS);
            }
            catch (Exception ex) {
                // closed below
            }
        }
        if (this.connection != null) {
            this.connection.dispose();
        }
    }

    private final class Reader extends BaseSubscriber<String> {

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            requestMore();
        }

        void requestMore() {
            if (!WsClient.this.paused) {
                request(1);
            }
        }

        @Override
        protected void hookOnNext(String text) {
            if (!text.isEmpty()) {
                WsClient.this.frames.add(MAPPER.readTree(text));
            }
            requestMore();
        }

    }

}
