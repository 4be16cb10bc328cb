package io.redkeep.realtime.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The ordered announce lane of one connection: the connection stores its sends one after
 * the other, and hands each stored message's announce (publish, notifications) to this
 * lane, which runs them one at a time in the order received. So the store of send n+1
 * overlaps the announce of send n, while the connection's messages are still published in
 * seq order. At most {@code limit} announces wait; {@link #submit} then answers a
 * {@link Mono} that completes once there is room again, which holds back the connection's
 * next frame (backpressure, not an unbounded queue). Queued announces still run after the
 * connection closed: the messages are stored and acked.
 */
final class AnnounceLane {

    private static final Log logger = LogFactory.getLog(AnnounceLane.class);

    /** Longer than any announce's own deadlines (database 5 s, Redis 2 s) add up to. */
    static final Duration MAX_ANNOUNCE = Duration.ofSeconds(15);

    private final int limit;

    /** Guarded by {@code this}; created on first use (most connections never send). */
    private Queue<Mono<Void>> waiting;

    /** Guarded by {@code this}. */
    private boolean running;

    /** Guarded by {@code this}: completes when the lane has room again. */
    private Sinks.Empty<Void> room;

    private final Duration maxAnnounce;

    AnnounceLane(int limit) {
        this(limit, MAX_ANNOUNCE);
    }

    AnnounceLane(int limit, Duration maxAnnounce) {
        this.limit = limit;
        this.maxAnnounce = maxAnnounce;
    }

    /**
     * Queues {@code announce} behind the ones before it; completes at once, or once the
     * lane has room when it is full.
     */
    Mono<Void> submit(Mono<Void> announce) {
        Mono<Void> start = null;
        Mono<Void> wait = Mono.empty();
        synchronized (this) {
            if (!this.running) {
                this.running = true;
                start = announce;
            }
            else {
                if (this.waiting == null) {
                    this.waiting = new ArrayDeque<>(4);
                }
                this.waiting.add(announce);
                if (this.waiting.size() >= this.limit) {
                    if (this.room == null) {
                        this.room = Sinks.empty();
                    }
                    wait = this.room.asMono();
                }
            }
        }
        if (start != null) {
            run(start);
        }
        return wait;
    }

    /** Announces queued and running, for tests and metrics. */
    synchronized int pending() {
        return (this.running ? 1 : 0) + ((this.waiting != null) ? this.waiting.size() : 0);
    }

    private void run(Mono<Void> announce) {
        // Bounded: an announce that never ends (a lost signal) must not stop every later
        // one
        // of the connection. Its message is stored; receivers catch it up on the next seq
        // jump or reconnect.
        announce.timeout(this.maxAnnounce).subscribe(null, (ex) -> {
            logger.warn("Announce failed: " + ex.getMessage());
            next();
        }, this::next);
    }

    private void next() {
        Mono<Void> following;
        Sinks.Empty<Void> release = null;
        synchronized (this) {
            following = (this.waiting != null) ? this.waiting.poll() : null;
            if (following == null) {
                this.running = false;
            }
            if (this.room != null && (this.waiting == null || this.waiting.size() < this.limit)) {
                release = this.room;
                this.room = null;
            }
        }
        if (release != null) {
            release.tryEmitEmpty();
        }
        if (following != null) {
            run(following);
        }
    }

}
