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

    private final String id;

    private final UUID userId;

    private final WebSocketSession session;

    private final JsonMapper mapper;

    private final int queueLimit;

    private final AtomicInteger queued = new AtomicInteger();

    private final Sinks.Many<String> outbound = Sinks.many()
        .unicast()
        .onBackpressureBuffer(Queues.<String>unbounded().get());

    private final Map<UUID, ConversationFeed> feeds = new ConcurrentHashMap<>();

    private final AtomicBoolean closed = new AtomicBoolean();

    private final Sinks.Empty<Void> closing = Sinks.empty();

    private volatile CloseStatus closeStatus;

    private volatile long lastHeardNanos = System.nanoTime();

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

    /** What the session sends: every emitted frame in order. */
    Flux<String> outbound() {
        return this.outbound.asFlux().doOnNext((frame) -> this.queued.decrementAndGet());
    }

    /**
     * Queues a frame; {@code false} when the connection is closed or was just closed for
     * being a slow consumer.
     */
    boolean emit(ObjectNode frame) {
        if (this.closed.get()) {
            return false;
        }
        String text = this.mapper.writeValueAsString(frame);
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
