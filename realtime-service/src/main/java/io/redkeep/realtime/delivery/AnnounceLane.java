package io.redkeep.realtime.delivery;

import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One connection's announcements (live publish and notifications of the messages it
 * sent), run strictly one after another in send order, but beside the connection's frame
 * handling: the next send is stored while the previous one is still being published, so a
 * sender's throughput is bounded by the slower of the two steps, not by their sum.
 * Publishing in send order keeps a sender's messages in seq order on the channel, so
 * receivers do not fall back to catching up from PostgreSQL. At most {@code limit}
 * announcements wait; beyond that the sender's frames wait too (bounded memory). The lane
 * is drained, not dropped, when the connection ends: every acknowledged message is
 * announced.
 */
final class AnnounceLane {

    private final int limit;

    private final AtomicInteger pending = new AtomicInteger();

    private final Sinks.Many<Mono<Void>> work = Sinks.many()
        .unicast()
        .onBackpressureBuffer(Queues.<Mono<Void>>unbounded().get());

    AnnounceLane(int limit) {
        this.limit = limit;
        this.work.asFlux().concatMap((announcement) -> announcement, 1).subscribe();
    }

    /**
     * Queues {@code announcement} behind the earlier ones.
     * @return completes at once, or, when more than {@code limit} announcements wait,
     * once this one ran
     */
    Mono<Void> submit(Mono<Void> announcement) {
        Sinks.Empty<Void> done = Sinks.empty();
        Mono<Void> tracked = announcement.onErrorResume((ex) -> Mono.empty()).doFinally((signal) -> {
            this.pending.decrementAndGet();
            done.tryEmitEmpty();
        });
        int waiting = this.pending.incrementAndGet();
        Sinks.EmitResult result;
        synchronized (this.work) {
            result = this.work.tryEmitNext(tracked);
        }
        if (result.isFailure()) {
            // The lane was closed: nothing queued can follow, run it in line.
            this.pending.decrementAndGet();
            return announcement;
        }
        return (waiting > this.limit) ? done.asMono() : Mono.empty();
    }

    /** Announcements waiting or running, for tests and diagnostics. */
    int pending() {
        return this.pending.get();
    }

    /** Accepts nothing more; what was queued still runs. */
    void close() {
        synchronized (this.work) {
            this.work.tryEmitComplete();
        }
    }

}
