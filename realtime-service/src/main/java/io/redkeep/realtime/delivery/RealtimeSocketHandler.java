package io.redkeep.realtime.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.realtime.RealtimeProperties;
import io.redkeep.realtime.conversation.ConversationService;
import io.redkeep.realtime.conversation.Fields;
import io.redkeep.realtime.presence.PresenceTracker;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.pubsub.RedisPubSub;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The {@code /ws} protocol of spec/realtime.md for one accepted connection: frames in,
 * validated and answered in order; frames out through the connection's bounded queue;
 * server pings and presence refreshes on the instance's {@link ConnectionHeartbeat}.
 */
public class RealtimeSocketHandler {

    private static final Log logger = LogFactory.getLog(RealtimeSocketHandler.class);

    /**
     * How long a client gets to take the server's close frame before the socket is
     * dropped.
     */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

    /**
     * Frames read ahead of the one being handled; a client with more in flight is closed
     * (1008) rather than buffered without bound.
     */
    private static final int INBOUND_BUFFER = 256;

    private final ConversationService conversations;

    private final MessageFanout fanout;

    private final PresenceTracker presence;

    private final RedisPubSub pubSub;

    private final RedisKeys keys;

    private final JsonMapper mapper;

    private final RealtimeProperties.Socket limits;

    private final ConnectionRegistry registry;

    private final ConnectionHeartbeat heartbeat;

    private final NotificationFeeds notifications;

    RealtimeSocketHandler(ConversationService conversations, MessageFanout fanout, PresenceTracker presence,
            RedisPubSub pubSub, RedisKeys keys, JsonMapper mapper, RealtimeProperties.Socket limits,
            ConnectionRegistry registry, ConnectionHeartbeat heartbeat) {
        this.conversations = conversations;
        this.fanout = fanout;
        this.presence = presence;
        this.pubSub = pubSub;
        this.keys = keys;
        this.mapper = mapper;
        this.limits = limits;
        this.registry = registry;
        this.heartbeat = heartbeat;
        this.notifications = new NotificationFeeds(pubSub, keys, registry);
    }

    /** Serves a connection whose slot {@code connectionId} was already reserved. */
    Mono<Void> serve(WebSocketSession session, UUID userId, String connectionId) {
        ClientConnection connection = new ClientConnection(connectionId, userId, session, this.mapper,
                this.limits.outboundQueue());
        SendRateLimiter rate = new SendRateLimiter(this.limits.sendRate(), this.limits.sendBurst());
        int[] badInARow = { 0 };
        this.registry.add(connection);
        this.heartbeat.schedule(connection);
        this.notifications.opened(userId);
        connection.emit(Frames.ready(userId, connectionId));
        Mono<Void> send = session.send(connection.outbound()
            .map((frame) -> (frame == ClientConnection.PING)
                    ? session.pingMessage((factory) -> factory.wrap(new byte[] { 'p' }))
                    : session.textMessage((String) frame)));
        Mono<Void> receive = session.receive()
            .map(Inbound::of)
            // Read frames as they arrive (stamped for the send rate) while earlier ones
            // are
            // handled, but never hold more than a bounded number per connection.
            .onBackpressureBuffer(INBOUND_BUFFER, (dropped) -> connection.close(CloseStatus.POLICY_VIOLATION),
                    BufferOverflowStrategy.DROP_LATEST)
            .concatMap((frame) -> onFrame(connection, rate, badInARow, frame).onErrorResume((ex) -> {
                logger.warn("Frame handling failed: " + ex.getMessage());
                return Mono.empty();
            }), 1)
            .then();
        Mono<Void> forced = connection.closing().then(Mono.delay(CLOSE_GRACE)).then();
        return Mono.firstWithSignal(send, receive, forced).doFinally((signal) -> {
            connection.ended();
            this.registry.remove(connection);
            this.notifications.closed(userId);
            Flux.fromIterable(List.copyOf(connection.feeds().keySet()))
                .concatMap((conversationId) -> this.presence.unsubscribed(conversationId, userId, connectionId))
                .then(this.presence.disconnect(userId, connectionId))
                .onErrorResume((ex) -> Mono.empty())
                .subscribe();
        });
    }

    private Mono<Void> onFrame(ClientConnection connection, SendRateLimiter rate, int[] badInARow, Inbound frame) {
        connection.heard();
        if (frame.kind() == WebSocketMessage.Type.PING || frame.kind() == WebSocketMessage.Type.PONG) {
            return Mono.empty();
        }
        if (frame.kind() == WebSocketMessage.Type.BINARY) {
            return bad(connection, badInARow, "malformed_request", "Binary frames are not accepted", null);
        }
        if (frame.size() > this.limits.maxFrameSize().toBytes()) {
            return bad(connection, badInARow, "malformed_request",
                    "Frames are limited to " + this.limits.maxFrameSize().toBytes() + " bytes", null);
        }
        JsonNode node;
        try {
            node = this.mapper.readTree(frame.text());
        }
        catch (JacksonException ex) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return bad(connection, badInARow, "malformed_request", "A frame must be a JSON object", null);
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isString()) {
            return bad(connection, badInARow, "validation_failed", "type is required", null);
        }
        String type = typeNode.asString();
        Fields fields = new Fields(node);
        try {
            return switch (type) {
                case "ping" -> {
                    badInARow[0] = 0;
                    connection.emit(Frames.frame("pong"));
                    yield Mono.empty();
                }
                case "subscribe" -> {
                    UUID conversationId = fields.uuid("conversationId", true);
                    Long afterSeq = fields.integer("afterSeq", 0, Long.MAX_VALUE, false);
                    fields.throwIfInvalid();
                    badInARow[0] = 0;
                    yield subscribe(connection, conversationId, afterSeq);
                }
                case "unsubscribe" -> {
                    UUID conversationId = fields.uuid("conversationId", true);
                    fields.throwIfInvalid();
                    badInARow[0] = 0;
                    yield unsubscribe(connection, conversationId);
                }
                case "send" -> {
                    UUID conversationId = fields.uuid("conversationId", true);
                    String body = fields.text("body", 1, 4000, true);
                    String clientMsgId = fields.text("clientMsgId", 1, 64, true);
                    fields.throwIfInvalid();
                    badInARow[0] = 0;
                    yield send(connection, rate.tryAcquire(frame.arrivalNanos()), conversationId, body, clientMsgId);
                }
                case "typing" -> {
                    UUID conversationId = fields.uuid("conversationId", true);
                    fields.throwIfInvalid();
                    badInARow[0] = 0;
                    yield typing(connection, conversationId);
                }
                case "read" -> {
                    UUID conversationId = fields.uuid("conversationId", true);
                    Long seq = fields.integer("seq", 0, Long.MAX_VALUE, true);
                    fields.throwIfInvalid();
                    badInARow[0] = 0;
                    yield this.conversations.read(connection.userId(), conversationId, seq)
                        .onErrorResume(ProblemException.class, (ex) -> {
                            connection.emit(Frames.error(ex.getCode().code(), ex.getDetail(), "read"));
                            return Mono.empty();
                        });
                }
                default -> bad(connection, badInARow, "validation_failed", "Unknown frame type", type);
            };
        }
        catch (ProblemException ex) {
            String ref = type;
            JsonNode clientMsgId = node.get("clientMsgId");
            if ("send".equals(type) && clientMsgId != null && clientMsgId.isString()) {
                ref = clientMsgId.asString();
            }
            return bad(connection, badInARow, ex.getCode().code(), ex.getDetail(), ref);
        }
    }

    private Mono<Void> bad(ClientConnection connection, int[] badInARow, String code, String message, String ref) {
        connection.emit(Frames.error(code, message, ref));
        if (++badInARow[0] >= this.limits.maxBadFrames()) {
            connection.close(CloseStatus.POLICY_VIOLATION);
        }
        return Mono.empty();
    }

    private Mono<Void> subscribe(ClientConnection connection, UUID conversationId, Long afterSeq) {
        return this.conversations.isMember(connection.userId(), conversationId).flatMap((member) -> {
            if (!member) {
                connection.emit(Frames.error("not_found", "No such conversation", "subscribe"));
                return Mono.empty();
            }
            ConversationFeed previous = connection.feeds().remove(conversationId);
            if (previous != null) {
                previous.stop();
            }
            if (connection.isClosed()) {
                return Mono.empty();
            }
            ConversationFeed feed = new ConversationFeed(conversationId, connection, this.conversations, afterSeq);
            connection.feeds().put(conversationId, feed);
            feed.start(this.pubSub, this.fanout.channel(conversationId));
            return this.presence.subscribed(conversationId, connection.userId(), connection.id())
                .onErrorResume((ex) -> Mono.empty());
        }).onErrorResume((ex) -> {
            connection.emit(Frames.error("service_unavailable", "Could not subscribe", "subscribe"));
            return Mono.empty();
        });
    }

    private Mono<Void> unsubscribe(ClientConnection connection, UUID conversationId) {
        ConversationFeed feed = connection.feeds().remove(conversationId);
        if (feed != null) {
            feed.stop();
        }
        connection.emit(Frames.unsubscribed(conversationId));
        return (feed != null) ? this.presence.unsubscribed(conversationId, connection.userId(), connection.id())
            .onErrorResume((ex) -> Mono.empty()) : Mono.empty();
    }

    private Mono<Void> send(ClientConnection connection, boolean allowed, UUID conversationId, String body,
            String clientMsgId) {
        if (!allowed) {
            connection.emit(Frames.error("rate_limited", "At most " + this.limits.sendRate() + " sends per second",
                    clientMsgId));
            return Mono.empty();
        }
        // The next frame is handled once this one is stored and acked; its announce
        // (publish, notifications) runs meanwhile on the connection's ordered lane.
        return this.conversations.send(connection.userId(), conversationId, body, clientMsgId).flatMap((result) -> {
            connection.emit(Frames.ack(result.message()));
            return result.created() ? connection.announceLane().submit(this.conversations.announce(result))
                    : Mono.<Void>empty();
        }).onErrorResume((ex) -> {
            ProblemCode code = (ex instanceof ProblemException problem) ? problem.getCode()
                    : ProblemCode.INTERNAL_ERROR;
            String message = (ex instanceof ProblemException problem) ? problem.getDetail() : "Send failed";
            connection.emit(Frames.error(code.code(), message, clientMsgId));
            return Mono.empty();
        });
    }

    private Mono<Void> typing(ClientConnection connection, UUID conversationId) {
        Mono<Boolean> member = connection.feeds().containsKey(conversationId) ? Mono.just(true)
                : this.conversations.isMember(connection.userId(), conversationId);
        return member.flatMap((isMember) -> {
            if (!isMember) {
                connection.emit(Frames.error("not_found", "No such conversation", "typing"));
                return Mono.empty();
            }
            return this.fanout.typing(conversationId, connection.userId());
        }).onErrorResume((ex) -> Mono.empty());
    }

    /** A received frame, copied out of its buffer at once. */
    record Inbound(WebSocketMessage.Type kind, String text, int size, long arrivalNanos) {

        static Inbound of(WebSocketMessage message) {
            int size = message.getPayload().readableByteCount();
            String text = (message.getType() == WebSocketMessage.Type.TEXT)
                    ? message.getPayload().toString(StandardCharsets.UTF_8) : null;
            return new Inbound(message.getType(), text, size, System.nanoTime());
        }

    }

}
