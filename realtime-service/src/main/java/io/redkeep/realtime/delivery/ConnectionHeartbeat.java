package io.redkeep.realtime.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.redkeep.realtime.presence.PresenceTracker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * One timer for every connection of the instance instead of one per connection (an idle
 * connection should cost as little memory as possible): each tick, every connection whose
 * beat is due is closed when the client has been silent past the ping timeout, otherwise
 * its presence entries are refreshed and then it is pinged. A connection's first beat is
 * one ping interval after it opened, so beats stay spread over the interval as the
 * connections' opening times were.
 */
final class ConnectionHeartbeat {

    private static final Log logger = LogFactory.getLog(ConnectionHeartbeat.class);

    /** Presence refreshes in flight per tick. */
    private static final int CONCURRENCY = 64;

    private final ConnectionRegistry registry;

    private final PresenceTracker presence;

    private final long intervalNanos;

    private final long timeoutNanos;

    private final Duration tick;

    private volatile Disposable ticker;

    ConnectionHeartbeat(ConnectionRegistry registry, PresenceTracker presence, Duration pingInterval,
            Duration pingTimeout) {
        this.registry = registry;
        this.presence = presence;
        this.intervalNanos = pingInterval.toNanos();
        this.timeoutNanos = pingTimeout.toNanos();
        // Beats are at most a quarter interval (and a second) late.
        long tickMillis = Math.max(10, Math.min(1000, pingInterval.toMillis() / 4));
        this.tick = Duration.ofMillis(tickMillis);
    }

    /** A new connection: its first beat is one interval from now. */
    void schedule(ClientConnection connection) {
        connection.nextBeatNanos(System.nanoTime() + this.intervalNanos);
    }

    void start() {
        this.ticker = Flux.interval(this.tick, this.tick, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap((ignored) -> beat(), 1)
            .subscribe(null, (ex) -> logger.error("Heartbeat stopped: " + ex.getMessage(), ex));
    }

    void stop() {
        Disposable current = this.ticker;
        if (current != null) {
            current.dispose();
        }
    }

    private Mono<Void> beat() {
        long now = System.nanoTime();
        List<ClientConnection> due = new ArrayList<>();
        this.registry.forEach((connection) -> {
            if (!connection.isClosed() && now - connection.nextBeatNanos() >= 0) {
                connection.nextBeatNanos(now + this.intervalNanos);
                due.add(connection);
            }
        });
        if (due.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(due).flatMap(this::beat, CONCURRENCY).then().onErrorResume((ex) -> Mono.empty());
    }

    private Mono<Void> beat(ClientConnection connection) {
        if (connection.silentNanos() > this.timeoutNanos) {
            connection.close(CloseStatus.GOING_AWAY);
            return Mono.empty();
        }
        return this.presence.refresh(connection.userId(), connection.id(), List.copyOf(connection.feeds().keySet()))
            .onErrorResume((ex) -> Mono.empty())
            .then(Mono.fromRunnable(connection::ping));
    }

}
