package io.redkeep.bench.realtime;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Socket.IO v4 client over the same Reactor Netty WebSocket as {@link RedkeepClient},
 * speaking just enough of Engine.IO 4 / Socket.IO 5 (websocket transport only): open
 * packet {@code 0}, namespace connect {@code 40}, ping {@code 2} answered with pong
 * {@code 3}, events {@code 42[...]} with ack ids and acks {@code 43<id>[...]}. Using the
 * same load generator for both servers keeps the client cost out of the comparison.
 */
final class SocketIoClient implements FanoutClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(20);

    private final Listener listener;

    private final String userId;

    private final Sinks.One<String> connected = Sinks.one();

    private final Map<Long, Sinks.Empty<Void>> pendingSubscriptions = new ConcurrentHashMap<>();

    private final AtomicLong ackIds = new AtomicLong();

    private volatile WebSocketLink link;

    private SocketIoClient(String userId, Listener listener) {
        this.userId = userId;
        this.listener = listener;
    }

    /** Connects to the default namespace; completes once the server confirmed it. */
    static Mono<SocketIoClient> connect(URI baseUri, String userId, Listener listener) {
        return Mono.defer(() -> {
            SocketIoClient client = new SocketIoClient(userId, listener);
            URI ws = URI.create(
                    "ws://" + baseUri.getHost() + ":" + baseUri.getPort() + "/socket.io/?EIO=4&transport=websocket");
            return WebSocketLink.open(ws, null, client::onFrame, client::onClosed)
                .doOnNext((link) -> client.link = link)
                .then(client.connected.asMono())
                .timeout(Duration.ofSeconds(30))
                .thenReturn(client);
        });
    }

    @Override
    public Mono<Void> subscribe(String conversationId) {
        return Mono.defer(() -> {
            long id = this.ackIds.incrementAndGet();
            Sinks.Empty<Void> done = Sinks.empty();
            this.pendingSubscriptions.put(id, done);
            ObjectNode data = JSON.createObjectNode().put("conversationId", conversationId);
            if (!this.link.send("42" + id + event("subscribe", data))) {
                return Mono.error(new IllegalStateException("outbound queue full"));
            }
            return done.asMono().timeout(SUBSCRIBE_TIMEOUT);
        });
    }

    @Override
    public void send(String conversationId, String body, String clientMsgId) {
        ObjectNode data = JSON.createObjectNode()
            .put("conversationId", conversationId)
            .put("body", body)
            .put("clientMsgId", clientMsgId);
        // Ack ids of sends are never looked up: every 43 packet that is not a subscribe
        // is a send's ack.
        if (!this.link.send("42" + this.ackIds.incrementAndGet() + event("send", data))) {
            this.listener.onError("client_queue_full");
        }
    }

    @Override
    public void close() {
        WebSocketLink current = this.link;
        if (current != null) {
            current.send("41");
            current.close();
        }
    }

    private static String event(String name, ObjectNode data) {
        ArrayNode array = JSON.createArrayNode().add(name).add(data);
        return array.toString();
    }

    private void onFrame(String packet) {
        if (packet.isEmpty()) {
            return;
        }
        switch (packet.charAt(0)) {
            case '0' -> this.link.send("40" + JSON.createObjectNode().put("userId", this.userId));
            case '2' -> this.link.send("3");
            case '4' -> onSocketIoPacket(packet.substring(1));
            default -> {
                // 1 close, 6 noop: nothing to do
            }
        }
    }

    private void onSocketIoPacket(String packet) {
        if (packet.isEmpty()) {
            return;
        }
        char type = packet.charAt(0);
        if (type == '0') {
            this.connected.tryEmitValue(packet.substring(1));
        }
        else if (type == '2') {
            int start = packet.indexOf('[');
            JsonNode array = JSON.readTree(packet.substring(start));
            if ("message".equals(array.path(0).asString(""))) {
                this.listener.onMessage(array.path(1).path("message").path("body").asString(""));
            }
        }
        else if (type == '3') {
            int start = packet.indexOf('[');
            long id = Long.parseLong(packet.substring(1, start));
            JsonNode answer = JSON.readTree(packet.substring(start)).path(0);
            Sinks.Empty<Void> subscription = this.pendingSubscriptions.remove(id);
            if ("error".equals(answer.path("type").asString(""))) {
                String code = answer.path("code").asString("error");
                if (subscription != null) {
                    subscription.tryEmitError(new IllegalStateException("subscribe refused: " + code));
                }
                this.listener.onError(code);
            }
            else if (subscription != null) {
                subscription.tryEmitEmpty();
            }
            else {
                this.listener.onAck(answer.path("clientMsgId").asString(""));
            }
        }
        else if (type == '4') {
            this.connected.tryEmitError(new IllegalStateException("namespace connect refused: " + packet));
        }
    }

    private void onClosed(Throwable cause) {
        this.connected.tryEmitError((cause != null) ? cause : new IllegalStateException("closed before connect"));
        this.listener.onClosed(cause);
    }

}
