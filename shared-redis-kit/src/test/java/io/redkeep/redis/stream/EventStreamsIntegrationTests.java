package io.redkeep.redis.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.KitFixture;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Tag(TestTags.REDIS)
class EventStreamsIntegrationTests {

    private static final Duration CLAIM_IDLE = Duration.ofMillis(500);

    /**
     * Upper bound of every wait for the consumer: generous for a loaded build machine;
     * waits end as soon as their condition holds.
     */
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final KitFixture kit = KitFixture.on(RedisServer.shared());

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final StreamsProperties properties = new StreamsProperties(1000, 4, Duration.ofMillis(200),
            Duration.ofMillis(400), CLAIM_IDLE, Duration.ofMillis(200), 5, Duration.ofSeconds(5), Duration.ofDays(7),
            Duration.ofMillis(200));

    private final EventStreams streams = new EventStreams(this.kit.roles().state(), this.kit.roles().keys(),
            new EventCodec(), this.properties, this.meters);

    private final String stream = "test-" + UUID.randomUUID();

    private final String key = this.streams.key(this.stream);

    private final String group = "analytics";

    @AfterEach
    void close() {
        this.streams.close();
        this.kit.sync().del(this.key);
        this.kit.close();
    }

    @Test
    void appendedEventsAreHandledOnceAndAcknowledged() {
        List<EventEnvelope> events = List.of(event(1), event(2), event(3));
        Queue<StreamEvent> handled = new ConcurrentLinkedQueue<>();
        Flux.fromIterable(events).concatMap((event) -> this.streams.append(this.stream, event)).blockLast();
        this.streams.consume(this.stream, this.group, (event) -> Mono.fromRunnable(() -> handled.add(event)));
        await().atMost(WAIT).until(() -> handled.size() == 3 && pending() == 0);
        assertThat(handled).extracting(StreamEvent::event).containsExactlyElementsOf(events);
        assertThat(handled).allSatisfy((event) -> assertThat(event.deliveryCount()).isEqualTo(1));
        assertThat(this.meters.get("redkeep.stream.processed").counter().count()).isEqualTo(3);
    }

    @Test
    void aConsumerStartedWhileRedisIsDownStartsConsumingOnceItIsBack() {
        try (RedisServer server = RedisServer.builder().start()) {
            KitFixture ownKit = KitFixture.on(server);
            EventStreams ownStreams = new EventStreams(ownKit.roles().state(), ownKit.roles().keys(), new EventCodec(),
                    this.properties, new SimpleMeterRegistry());
            try {
                server.stop();
                Queue<StreamEvent> handled = new ConcurrentLinkedQueue<>();
                ownStreams.consume(this.stream, this.group, (event) -> Mono.fromRunnable(() -> handled.add(event)));
                await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
                server.start();
                EventEnvelope event = event(1);
                await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> ownStreams.append(this.stream, event).thenReturn(true).block(Duration.ofSeconds(2)));
                await().atMost(WAIT).until(() -> handled.size() == 1);
                assertThat(handled).extracting(StreamEvent::event).containsExactly(event);
            }
            finally {
                ownStreams.close();
                ownKit.close();
            }
        }
    }

    @Test
    void groupCreationIsIdempotentAndCreatesTheStream() {
        StepVerifier.create(this.streams.createGroup(this.stream, this.group)).verifyComplete();
        StepVerifier.create(this.streams.createGroup(this.stream, this.group)).verifyComplete();
        assertThat(this.kit.sync().exists(this.key)).isEqualTo(1);
    }

    @Test
    void appendTrimsApproximatelyToMaxLength() {
        Flux.range(0, 3000).concatMap((n) -> this.streams.append(this.stream, event(n)), 64).blockLast();
        // Approximate trimming removes whole radix-tree nodes (100 entries by default).
        assertThat(this.kit.sync().xlen(this.key)).isBetween(1000L, 1100L);
    }

    @Test
    void anEntryOfAConsumerKilledMidMessageIsReclaimedByAnother() {
        AtomicInteger started = new AtomicInteger();
        StreamConsumer killed = this.streams.consume(this.stream, this.group, (event) -> {
            started.incrementAndGet();
            return Mono.never();
        });
        EventEnvelope event = event(1);
        this.streams.append(this.stream, event).block();
        await().atMost(WAIT).until(() -> started.get() == 1);
        killed.dispose();
        assertThat(pending()).as("a killed consumer acknowledges nothing").isEqualTo(1);

        Queue<StreamEvent> handled = new ConcurrentLinkedQueue<>();
        StreamConsumer survivor = this.streams.consume(this.stream, this.group,
                (reclaimed) -> Mono.fromRunnable(() -> handled.add(reclaimed)));
        await().atMost(WAIT).until(() -> handled.size() == 1 && pending() == 0);
        StreamEvent reclaimed = handled.peek();
        assertThat(reclaimed.event()).isEqualTo(event);
        assertThat(reclaimed.deliveryCount()).isEqualTo(2);
        assertThat(survivor.name()).isNotEqualTo(killed.name());
        assertThat(this.meters.get("redkeep.stream.claimed").counter().count()).isEqualTo(1);
    }

    @Test
    void aFailedEntryStaysPendingUntilAHandlerSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        Queue<Long> pendingWhileFailing = new ConcurrentLinkedQueue<>();
        this.streams.consume(this.stream, this.group, (event) -> {
            if (attempts.incrementAndGet() < 3) {
                // Read inside the failing attempt: the entry cannot have been
                // acknowledged
                // yet, however late the test thread would have polled.
                return this.kit.roles()
                    .state()
                    .mono((commands) -> commands.xpending(this.key, this.group))
                    .doOnNext((summary) -> pendingWhileFailing.add(summary.getCount()))
                    .then(Mono.error(new IllegalStateException("not yet")));
            }
            return Mono.empty();
        });
        this.streams.append(this.stream, event(1)).block();
        await().atMost(WAIT).until(() -> attempts.get() == 3 && pending() == 0);
        assertThat(pendingWhileFailing).hasSize(2).containsOnly(1L);
        assertThat(this.meters.get("redkeep.stream.failed").counter().count()).isEqualTo(2);
        assertThat(this.meters.get("redkeep.stream.processed").counter().count()).isEqualTo(1);
    }

    @Test
    void aPoisonEntryIsDeadLetteredAfterFiveAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        this.streams.consume(this.stream, this.group, (event) -> {
            attempts.incrementAndGet();
            return Mono.error(new IllegalArgumentException("poison pill"));
        });
        String id = this.streams.append(this.stream, event(1)).block();
        await().atMost(WAIT).until(() -> deadLetter(id) != null && pending() == 0);
        Map<String, String> dead = deadLetter(id).getBody();
        assertThat(attempts).hasValue(5);
        assertThat(dead).containsEntry("stream", this.key)
            .containsEntry("group", this.group)
            .containsEntry("id", id)
            .containsEntry("deliveries", "5");
        assertThat(dead.get("error")).contains("poison pill");
        assertThat(new EventCodec().decode(dead.get("envelope")).data().get("n").asInt()).isEqualTo(1);
        await().pollDelay(CLAIM_IDLE.multipliedBy(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(attempts).as("never retried once dead-lettered").hasValue(5);
    }

    @Test
    void anEntryThatIsNotAnEnvelopeIsDeadLetteredAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        this.streams.consume(this.stream, this.group, (event) -> Mono.fromRunnable(attempts::incrementAndGet));
        String id = this.kit.sync().xadd(this.key, Map.of("envelope", "{\"id\":1}"));
        await().atMost(WAIT).until(() -> deadLetter(id) != null && pending() == 0);
        assertThat(deadLetter(id).getBody().get("error")).startsWith("invalid envelope");
        assertThat(attempts).hasValue(0);
    }

    @Test
    void gracefulShutdownFinishesInFlightWork() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        StreamConsumer consumer = this.streams.consume(this.stream, this.group,
                (event) -> Mono.fromRunnable(started::incrementAndGet)
                    .then(Mono.delay(Duration.ofMillis(300)))
                    .then(Mono.fromRunnable(finished::incrementAndGet)));
        this.streams.append(this.stream, event(1)).block();
        await().atMost(WAIT).until(() -> started.get() == 1);
        StepVerifier.create(consumer.shutdown()).verifyComplete();
        assertThat(finished).hasValue(1);
        assertThat(pending()).isZero();
        assertThat(consumer.inFlight()).isZero();
        assertThat(this.kit.sync().xinfoConsumers(this.key, this.group)).as("stopped idle consumer left the group")
            .isEmpty();
    }

    @Test
    void pendingAndLagAreReportedPerStreamAndGroup() {
        Flux.range(0, 3).concatMap((n) -> this.streams.append(this.stream, event(n))).blockLast();
        // Handlers hold their entries until the sampler has seen them pending: no race
        // between a handler finishing and the next sample.
        // Here handlers may run as long as the test needs (the class's 400 ms
        // handler-timeout would start retries and, in the end, dead-letter them).
        StreamsProperties holding = new StreamsProperties(1000, 4, Duration.ofMillis(200), Duration.ofSeconds(50),
                Duration.ofSeconds(60), Duration.ofMillis(200), 5, Duration.ofSeconds(5), Duration.ofDays(7),
                Duration.ofMillis(200));
        Sinks.Empty<Void> release = Sinks.empty();
        EventStreams holdingStreams = new EventStreams(this.kit.roles().state(), this.kit.roles().keys(),
                new EventCodec(), holding, this.meters);
        StreamConsumer consumer = holdingStreams.consume(this.stream, this.group, (event) -> release.asMono());
        try {
            await().atMost(WAIT)
                .until(() -> this.meters.get("redkeep.stream.pending").tag("stream", this.key).gauge().value() == 3);
            assertThat(this.meters.get("redkeep.stream.lag").tag("group", this.group).gauge().value()).isZero();
        }
        finally {
            release.tryEmitEmpty();
            consumer.dispose();
            holdingStreams.close();
        }
    }

    private long pending() {
        return this.kit.sync().xpending(this.key, this.group).getCount();
    }

    private StreamMessage<String, String> deadLetter(String id) {
        return this.kit.sync()
            .xrange(this.streams.key(EventStreams.DEAD_LETTER_STREAM), Range.create("-", "+"))
            .stream()
            .filter((entry) -> id.equals(entry.getBody().get("id")) && this.key.equals(entry.getBody().get("stream")))
            .findFirst()
            .orElse(null);
    }

    private static EventEnvelope event(int n) {
        return EventEnvelope.create("content.created", 1, "kit-tests", "u-1", null,
                JsonNodeFactory.instance.objectNode().put("n", n));
    }

}
