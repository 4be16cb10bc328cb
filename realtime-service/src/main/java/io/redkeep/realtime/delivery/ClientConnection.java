package io.redkeep.realtime.delivery;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * One client's WebSocket: its bounded outbound queue, the conversations it follows and
 * its per-connection limits. Frames from any thread go through {@link #emit}; when the
 * client does not read and the queue passes its bound, the connection is closed with 4008
 * instead of buffering more.
 */
final class ClientConnection {

    static final CloseStatus SLOW_CONSUMER = new CloseStatus(4008, "slow consumer");

    /**
     * Announces of stored messages that may wait per connection before reading pauses.
     */
    static final int ANNOUNCE_LIMIT = 64;

    /** A server ping in {@link #outbound()}: everything else there is a text frame. */
    static final Object PING = new Object();

    private static final int OUTBOUND_LINK = 16;

    private final String id;

    private final UUID userId;

    private final WebSocketSession session;

    private final JsonMapper mapper;

    private final int queueLimit;

    private final AtomicInteger queued = new AtomicInteger();

    /**
     * Text frames (strings) and {@link #PING}. The queue grows in small links: an idle
     * connection should not hold a 256-slot array (the default link size).
     */
    private final Sinks.Many<Object> outbound = Sinks.many()
        .unicast()
        .onBackpressureBuffer(Queues.unbounded(OUTBOUND_LINK).get());

    private final Map<UUID, ConversationFeed> feeds = new ConcurrentHashMap<>();

    private final AtomicBoolean closed = new AtomicBoolean();

    private final Sinks.Empty<Void> closing = Sinks.empty();

    private volatile CloseStatus closeStatus;

    private volatile long lastHeardNanos = System.nanoTime();

    private volatile long nextBeatNanos;

    /** Created on the first send; only the connection's frame handling touches it. */
    private AnnounceLane announceLane;

    ClientConnection(String id, UUID userId, WebSocketSession session, JsonMapper mapper, int queueLimit) {
        this.id = id;
        this.userId = userId;
        this.session = session;
        this.mapper = mapper;
        this.queueLimit = queueLimit;
    }

    String id() {
        return this.id;
    }

    UUID userId() {
        return this.userId;
    }

    Map<UUID, ConversationFeed> feeds() {
        return this.feeds;
    }

    /**
     * What the session sends: every emitted frame in order, text frames as strings and
     * pings as {@link #PING}.
     */
    Flux<Object> outbound() {
        return this.outbound.asFlux().doOnNext((frame) -> {
            if (frame != PING) {
                this.queued.decrementAndGet();
            }
        });
    }

    /**
     * Queues a server ping (not counted against the outbound bound: at most one per ping
     * interval).
     */
    void ping() {
        if (this.closed.get()) {
            return;
        }
        synchronized (this.outbound) {
            this.outbound.tryEmitNext(PING);
        }
    }

    /** When the heartbeat is next due; only the heartbeat reads and writes it. */
    long nextBeatNanos() {
        return this.nextBeatNanos;
    }

    void nextBeatNanos(long nanos) {
        this.nextBeatNanos = nanos;
    }

    /**
     * Queues a frame; {@code false} when the connection is closed or was just closed for
     * being a slow consumer.
     */
    boolean emit(ObjectNode frame) {
        if (this.closed.get()) {
            return false;
        }
        return emitText(this.mapper.writeValueAsString(frame));
    }

    /** As {@link #emit(ObjectNode)} for a frame already serialized. */
    boolean emitText(String text) {
        if (this.closed.get()) {
            return false;
        }
        if (this.queued.incrementAndGet() > this.queueLimit) {
            close(SLOW_CONSUMER);
            return false;
        }
        Sinks.EmitResult result;
        synchronized (this.outbound) {
            result = this.outbound.tryEmitNext(text);
        }
        if (result.isFailure()) {
            this.queued.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * The lane the connection's stored messages are announced through, in order; called
     * from the connection's (sequential) frame handling only.
     */
    AnnounceLane announceLane() {
        if (this.announceLane == null) {
            this.announceLane = new AnnounceLane(ANNOUNCE_LIMIT);
        }
        return this.announceLane;
    }

    JsonMapper mapper() {
        return this.mapper;
    }

    void heard() {
        this.lastHeardNanos = System.nanoTime();
    }

    long silentNanos() {
        return System.nanoTime() - this.lastHeardNanos;
    }

    boolean isClosed() {
        return this.closed.get();
    }

    /** Stops every feed and closes the session with {@code status} (once). */
    void close(CloseStatus status) {
        if (this.closed.compareAndSet(false, true)) {
            this.closeStatus = status;
            stopFeeds();
            this.session.close(status).subscribe(null, (ex) -> this.closing.tryEmitEmpty(), this.closing::tryEmitEmpty);
        }
    }

    /**
     * Completes once the server decided to close and sent its close frame (or failed to):
     * a client that does not read may never let that frame through, so the handler ends
     * the connection a moment later whatever the client does.
     */
    reactor.core.publisher.Mono<Void> closing() {
        return this.closing.asMono();
    }

    /** The status the server closed with, {@code null} when the client closed. */
    CloseStatus closeStatus() {
        return this.closeStatus;
    }

    /** The session ended on its own: stop the feeds. */
    void ended() {
        this.closed.set(true);
        stopFeeds();
    }

    private void stopFeeds() {
        // The map stays: the handler's clean-up still needs to know what was followed.
        this.feeds.values().forEach(ConversationFeed::stop);
    }

}
