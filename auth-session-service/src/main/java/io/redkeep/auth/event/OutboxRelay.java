package io.redkeep.auth.event;

import java.time.Duration;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * Sweeps the outbox periodically, for events whose immediate relay after commit did not
 * happen (a crash, Redis down at the time).
 */
public class OutboxRelay implements SmartLifecycle {

    private final AuthEvents events;

    private final Duration interval;

    private volatile Disposable sweeping;

    public OutboxRelay(AuthEvents events, Duration interval) {
        this.events = events;
        this.interval = interval;
    }

    @Override
    public void start() {
        this.sweeping = Flux.interval(Duration.ZERO, this.interval, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap((tick) -> this.events.relay(), 1)
            .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = this.sweeping;
        if (current != null) {
            current.dispose();
        }
        this.sweeping = null;
    }

    @Override
    public boolean isRunning() {
        return this.sweeping != null && !this.sweeping.isDisposed();
    }

}
