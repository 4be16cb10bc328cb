package io.redkeep.redis.pubsub.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.redkeep.redis.pubsub.ChannelSignal;
import io.redkeep.redis.pubsub.ChannelSignal.Gap;
import io.redkeep.redis.pubsub.ChannelSignal.GapReason;
import io.redkeep.redis.pubsub.ChannelSignal.Message;
import io.redkeep.redis.pubsub.ChannelSignal.Subscribed;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * One subscriber's bounded buffer. The connection's event loop only enqueues here and
 * returns; delivery runs on the subscriber's own scheduler worker, as fast as the
 * subscriber requests. When {@code capacity} messages are waiting the oldest is dropped
 * (counted) and the subscriber receives a {@link GapReason#OVERFLOW} gap before the next
 * message, so a slow subscriber costs bounded memory and knows what it missed.
 */
public final class SubscriberMailbox {

    private final String topic;

    private final FluxSink<ChannelSignal> sink;

    private final int capacity;

    private final Counter dropped;

    private final Scheduler.Worker worker;

    private final AtomicInteger wip = new AtomicInteger();

    // Guarded by this.
    private final ArrayDeque<ChannelSignal> queue = new ArrayDeque<>();

    private int messages;

    private long droppedSinceGap;

    private boolean announced;

    public SubscriberMailbox(String topic, FluxSink<ChannelSignal> sink, int capacity, Counter dropped,
            Scheduler.Worker worker) {
        this.topic = topic;
        this.sink = sink;
        this.capacity = capacity;
        this.dropped = dropped;
        this.worker = worker;
        sink.onRequest((n) -> schedule());
    }

    /** Tells the subscriber its subscription is active, once. */
    public void announce() {
        synchronized (this) {
            if (this.announced) {
                return;
            }
            this.announced = true;
            this.queue.add(new Subscribed(this.topic));
        }
        schedule();
    }

    /**
     * After a reconnection: a gap for a subscriber that was already live, the first
     * {@link Subscribed} for one that joined while the connection was down.
     */
    public void restored() {
        synchronized (this) {
            if (!this.announced) {
                this.announced = true;
                this.queue.add(new Subscribed(this.topic));
            }
            else if (!(this.queue.peekLast() instanceof Gap gap && gap.reason() == GapReason.RECONNECTED)) {
                this.queue.add(new Gap(GapReason.RECONNECTED, 0));
            }
        }
        schedule();
    }

    public void offer(Message message) {
        synchronized (this) {
            if (!this.announced) {
                this.announced = true;
                this.queue.add(new Subscribed(this.topic));
            }
            if (this.messages >= this.capacity) {
                dropOldestMessage();
            }
            this.queue.add(message);
            this.messages++;
        }
        schedule();
    }

    /** Messages waiting for delivery, for tests and diagnostics. */
    public synchronized int buffered() {
        return this.messages;
    }

    /** Ends the subscriber's flux, for shutdown. */
    public void complete() {
        this.sink.complete();
    }

    public void dispose() {
        this.worker.dispose();
        synchronized (this) {
            this.queue.clear();
            this.messages = 0;
        }
    }

    private void dropOldestMessage() {
        Iterator<ChannelSignal> signals = this.queue.iterator();
        while (signals.hasNext()) {
            if (signals.next() instanceof Message) {
                signals.remove();
                this.messages--;
                this.droppedSinceGap++;
                this.dropped.increment();
                return;
            }
        }
    }

    private void schedule() {
        if (this.wip.getAndIncrement() == 0) {
            try {
                this.worker.schedule(this::drain);
            }
            catch (RuntimeException ex) {
                // Worker disposed: the subscriber is gone, nothing left to deliver.
                this.wip.set(0);
            }
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            while (!this.sink.isCancelled() && this.sink.requestedFromDownstream() > 0) {
                ChannelSignal next = poll();
                if (next == null) {
                    break;
                }
                this.sink.next(next);
            }
            missed = this.wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private synchronized ChannelSignal poll() {
        if (this.droppedSinceGap > 0 && !(this.queue.peek() instanceof Subscribed)) {
            Gap gap = new Gap(GapReason.OVERFLOW, this.droppedSinceGap);
            this.droppedSinceGap = 0;
            return gap;
        }
        ChannelSignal next = this.queue.poll();
        if (next instanceof Message) {
            this.messages--;
        }
        return next;
    }

}
