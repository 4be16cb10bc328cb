package io.redkeep.analytics.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.redkeep.redis.event.EventEnvelope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.core.NestedExceptionUtils;

/**
 * Groups the events the stream consumers hand over into batches: while one batch is
 * applied, the events arriving queue up and form the next one (at most {@code maxBatch}),
 * so a lone event goes at once and a backlog goes in large batches. One batch is in its
 * PostgreSQL transaction at a time; the next one's transaction may start while the
 * previous one writes its Redis state (two batches in flight at most). A batch is one
 * PostgreSQL transaction ({@link EventApplier#applyBatch}) followed by the derived Redis
 * state of all its events ({@link DerivedState#refreshBatch}); each event's Mono
 * completes after both, so its entry is acknowledged only then.
 * <p>
 * Order of effects on a crash: PostgreSQL commits first (ids and rollups together), the
 * Redis state is then recomputed from PostgreSQL, the entries are acknowledged last. A
 * crash before the commit leaves nothing; after it, the redelivered entries find their
 * ids recorded (nothing counted twice) and recompute the Redis state (nothing lost).
 * <p>
 * When a batch fails, its events are retried one by one ({@link EventApplier#apply} and
 * {@link DerivedState#refresh}), so a poison event fails alone and reaches the dead
 * letters through the consumer's own attempts; the others go on.
 */
final class IngestBatches {

    /** The most events applied in one transaction. */
    static final int MAX_BATCH = 500;

    private static final Log logger = LogFactory.getLog(IngestBatches.class);

    private final EventApplier applier;

    private final DerivedState derived;

    private final int maxBatch;

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();

    private static final int MAX_IN_FLIGHT = 2;

    private boolean transacting;

    private int inFlight;

    IngestBatches(EventApplier applier, DerivedState derived, int maxBatch) {
        this.applier = applier;
        this.derived = derived;
        this.maxBatch = maxBatch;
    }

    /**
     * Applies {@code event} with the next batch. Fails at once, without joining a batch,
     * when the event cannot be read as analytics needs it.
     */
    Mono<Void> submit(EventEnvelope event) {
        return Mono.defer(() -> {
            // Poison by content: fail this entry alone (the consumer retries then
            // dead-letters it).
            ContentActivity.from(event);
            return Mono.<Void>create((sink) -> {
                this.queue.add(new Pending(event, sink));
                drain();
            });
        });
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>();
        synchronized (this) {
            // One transaction at a time; the next may start once the previous committed,
            // while that one's Redis state is still being written (two batches at most).
            if (this.transacting || this.inFlight >= MAX_IN_FLIGHT) {
                return;
            }
            Pending next;
            while (batch.size() < this.maxBatch && (next = this.queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return;
            }
            this.transacting = true;
            this.inFlight++;
        }
        run(batch);
    }

    private void committed(AtomicBoolean once) {
        if (once.compareAndSet(false, true)) {
            synchronized (this) {
                this.transacting = false;
            }
            drain();
        }
    }

    private void finished(AtomicBoolean once) {
        synchronized (this) {
            if (once.compareAndSet(false, true)) {
                this.transacting = false;
            }
            this.inFlight--;
        }
        drain();
    }

    private void run(List<Pending> batch) {
        List<EventEnvelope> events = batch.stream().map(Pending::event).toList();
        AtomicBoolean released = new AtomicBoolean();
        this.applier.applyBatch(events)
            .doOnSuccess((v) -> committed(released))
            .then(this.derived.refreshBatch(events))
            .doOnSuccess((v) -> batch.forEach((pending) -> pending.sink().success()))
            .onErrorResume((error) -> {
                logger.warn("A batch of " + batch.size() + " events failed, applying them one by one: "
                        + NestedExceptionUtils.getMostSpecificCause(error));
                return Flux.fromIterable(batch)
                    .concatMap((pending) -> this.applier.apply(pending.event())
                        .then(this.derived.refresh(pending.event()))
                        .doOnSuccess((v) -> pending.sink().success())
                        .onErrorResume((single) -> {
                            pending.sink().error(single);
                            return Mono.empty();
                        }))
                    .then();
            })
            .onErrorResume((unexpected) -> {
                batch.forEach((pending) -> pending.sink().error(unexpected));
                return Mono.empty();
            })
            .doFinally((signal) -> finished(released))
            .subscribe();
    }

    private record Pending(EventEnvelope event, MonoSink<Void> sink) {

    }

}
