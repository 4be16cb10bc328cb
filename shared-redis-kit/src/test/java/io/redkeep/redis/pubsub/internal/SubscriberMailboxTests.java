package io.redkeep.redis.pubsub.internal;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.ChannelSignal;
import io.redkeep.redis.pubsub.ChannelSignal.Gap;
import io.redkeep.redis.pubsub.ChannelSignal.GapReason;
import io.redkeep.redis.pubsub.ChannelSignal.Message;
import io.redkeep.redis.pubsub.ChannelSignal.Subscribed;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberMailboxTests {

    private static final String TOPIC = "tk:notifications:{u}";

    private final Counter dropped = new SimpleMeterRegistry().counter("dropped");

    private final AtomicReference<SubscriberMailbox> mailbox = new AtomicReference<>();

    private final Queue<String> deliveryThreads = new ConcurrentLinkedQueue<>();

    private final Flux<ChannelSignal> signals = Flux
        .<ChannelSignal>create(
                (sink) -> this.mailbox
                    .set(new SubscriberMailbox(TOPIC, sink, 3, this.dropped, Schedulers.single().createWorker())),
                FluxSink.OverflowStrategy.BUFFER)
        .doOnNext((signal) -> this.deliveryThreads.add(Thread.currentThread().getName()));

    @Test
    void keepsTheNewestMessagesAndReportsHowManyWereDropped() {
        StepVerifier.create(this.signals, 0).then(() -> {
            this.mailbox.get().announce();
            for (int n = 1; n <= 5; n++) {
                this.mailbox.get().offer(message(n));
            }
        })
            .then(() -> assertThat(this.mailbox.get().buffered()).isEqualTo(3))
            .thenRequest(10)
            .expectNext(new Subscribed(TOPIC), new Gap(GapReason.OVERFLOW, 2), message(3), message(4), message(5))
            .thenCancel()
            .verify(Duration.ofSeconds(5));
        assertThat(this.dropped.count()).isEqualTo(2);
    }

    @Test
    void emitsNothingBeyondDemand() {
        StepVerifier.create(this.signals, 1).then(() -> {
            this.mailbox.get().announce();
            this.mailbox.get().offer(message(1));
        })
            .expectNext(new Subscribed(TOPIC))
            .expectNoEvent(Duration.ofMillis(200))
            .thenRequest(1)
            .expectNext(message(1))
            .thenCancel()
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void aLiveSubscriberGetsAGapOnRestoreAndANewOneItsFirstSubscribed() {
        // Demand of one: both reconnections queue up before anything drains, so they
        // coalesce deterministically into one gap (once drained, a later reconnection
        // is a new gap).
        StepVerifier.create(this.signals, 1)
            .then(() -> this.mailbox.get().restored())
            .expectNext(new Subscribed(TOPIC))
            .then(() -> {
                this.mailbox.get().restored();
                this.mailbox.get().restored();
            })
            .thenRequest(10)
            .expectNext(new Gap(GapReason.RECONNECTED, 0))
            .expectNoEvent(Duration.ofMillis(100))
            .thenCancel()
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void aMessageBeforeTheConfirmationStillComesAfterSubscribed() {
        StepVerifier.create(this.signals).then(() -> {
            this.mailbox.get().offer(message(1));
            this.mailbox.get().announce();
        })
            .expectNext(new Subscribed(TOPIC), message(1))
            .expectNoEvent(Duration.ofMillis(100))
            .thenCancel()
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void deliveryRunsOnTheSubscribersWorkerNotTheOfferingThread() {
        StepVerifier.create(this.signals)
            .then(() -> this.mailbox.get().offer(message(1)))
            .expectNextCount(2)
            .thenCancel()
            .verify(Duration.ofSeconds(5));
        assertThat(this.deliveryThreads).allSatisfy((thread) -> assertThat(thread).startsWith("single-"));
    }

    private static Message message(int n) {
        EventEnvelope event = new EventEnvelope("0192f1c8-7b1e-7cc0-8a55-2b8f8a3c9d1" + n, "test", 1,
                java.time.Instant.EPOCH, "tests", null, null,
                tools.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        return new Message(TOPIC, null, event);
    }

}
