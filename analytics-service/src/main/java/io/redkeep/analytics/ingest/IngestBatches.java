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
 * so a lone event goes at once and a backlog goes in large batches. A batch is one
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

    private final AtomicBoolean running = new AtomicBoolean();

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
        while (!this.queue.isEmpty() && this.running.compareAndSet(false, true)) {
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < this.maxBatch && (next = this.queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                this.running.set(false);
                continue;
            }
            run(batch).doFinally((signal) -> {
                this.running.set(false);
                drain();
            }).subscribe();
            return;
        }
    }

    private Mono<Void> run(List<Pending> batch) {
        List<EventEnvelope> events = batch.stream().map(Pending::event).toList();
        return this.applier.applyBatch(events)
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
            });
    }

    private record Pending(EventEnvelope event, MonoSink<Void> sink) {

    }

}
