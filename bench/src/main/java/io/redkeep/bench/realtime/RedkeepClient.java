package io.redkeep.bench.realtime;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A realtime-service connection speaking spec/realtime.md: waits for {@code ready},
 * {@code subscribe} waits for {@code subscribed}, {@code send} frames are counted back
 * through {@code ack} and {@code error}, {@code message} frames hand their body on.
 */
final class RedkeepClient implements FanoutClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(20);

    private final Listener listener;

    private final Sinks.One<String> ready = Sinks.one();

    private final Map<String, Sinks.Empty<Void>> pendingSubscriptions = new ConcurrentHashMap<>();

    private volatile WebSocketLink link;

    private RedkeepClient(Listener listener) {
        this.listener = listener;
    }

    /**
     * Connects to {@code ws://host:port/ws} with the internal token on the upgrade, as
     * the gateway forwards it; completes once the server said {@code ready}.
     */
    static Mono<RedkeepClient> connect(URI baseUri, String internalToken, Listener listener) {
        return Mono.defer(() -> {
            RedkeepClient client = new RedkeepClient(listener);
            URI ws = URI.create("ws://" + baseUri.getHost() + ":" + baseUri.getPort() + "/ws");
            return WebSocketLink.open(ws, internalToken, client::onFrame, client::onClosed)
                .doOnNext((link) -> client.link = link)
                .then(client.ready.asMono())
                .timeout(Duration.ofSeconds(30))
                .thenReturn(client);
        });
    }

    @Override
    public Mono<Void> subscribe(String conversationId) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> done = Sinks.empty();
            this.pendingSubscriptions.put(conversationId, done);
            ObjectNode frame = JSON.createObjectNode().put("type", "subscribe").put("conversationId", conversationId);
            if (!this.link.send(frame.toString())) {
                return Mono.error(new IllegalStateException("outbound queue full"));
            }
            return done.asMono().timeout(SUBSCRIBE_TIMEOUT);
        });
    }

    @Override
    public void send(String conversationId, String body, String clientMsgId) {
        ObjectNode frame = JSON.createObjectNode()
            .put("type", "send")
            .put("conversationId", conversationId)
            .put("body", body)
            .put("clientMsgId", clientMsgId);
        if (!this.link.send(frame.toString())) {
            this.listener.onError("client_queue_full");
        }
    }

    @Override
    public void close() {
        WebSocketLink current = this.link;
        if (current != null) {
            current.close();
        }
    }

    private void onFrame(String text) {
        JsonNode frame = JSON.readTree(text);
        String type = frame.path("type").asString("");
        switch (type) {
            case "message" -> this.listener.onMessage(frame.path("message").path("body").asString(""));
            case "ack" -> this.listener.onAck(frame.path("clientMsgId").asString(""));
            case "ready" -> this.ready.tryEmitValue(frame.path("connectionId").asString(""));
            case "subscribed" -> {
                Sinks.Empty<Void> done = this.pendingSubscriptions.remove(frame.path("conversationId").asString(""));
                if (done != null) {
                    done.tryEmitEmpty();
                }
            }
            case "error" -> {
                String code = frame.path("code").asString("error");
                // A refused subscribe answers with ref = the request type; fail every
                // pending one.
                if ("subscribe".equals(frame.path("ref").asString(""))) {
                    this.pendingSubscriptions.values()
                        .forEach((sink) -> sink.tryEmitError(new IllegalStateException("subscribe refused: " + code)));
                    this.pendingSubscriptions.clear();
                }
                this.listener.onError(code);
            }
            default -> {
                // pong, typing, presence, notification: not part of the measurement
            }
        }
    }

    private void onClosed(Throwable cause) {
        this.ready.tryEmitError((cause != null) ? cause : new IllegalStateException("closed before ready"));
        this.listener.onClosed(cause);
    }

}
