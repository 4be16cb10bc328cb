package io.redkeep.redis.pubsub;

import java.time.Duration;
import java.util.stream.IntStream;

import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.ChannelSignal.Gap;
import io.redkeep.redis.pubsub.ChannelSignal.GapReason;
import io.redkeep.redis.pubsub.ChannelSignal.Message;
import io.redkeep.redis.pubsub.ChannelSignal.Subscribed;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

@Tag(TestTags.REDIS)
class RedisPubSubIntegrationTests {

    private static final int BUFFER = 64;

    private final PubSubFixture fixture = new PubSubFixture(RedisServer.shared().uri(), BUFFER);

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void deliversTypedEnvelopesAfterTheSubscriptionIsConfirmed() {
        String channel = this.fixture.channel("notifications");
        EventEnvelope event = PubSubFixture.event(1);
        StepVerifier.create(this.fixture.pubSub.subscribe(channel))
            .expectNext(new Subscribed(channel))
            .then(() -> this.fixture.pubSub.publish(channel, event).subscribe())
            .expectNext(new Message(channel, null, event))
            .thenCancel()
            .verify(Duration.ofSeconds(5));
        assertThat(this.fixture.counter("published")).isEqualTo(1);
        assertThat(this.fixture.counter("received")).isEqualTo(1);
    }

    @Test
    void patternSubscriptionsSeeEveryMatchingChannelButNoProbes() {
        String pattern = this.fixture.keys.key("presence").build() + "*";
        String channel = this.fixture.channel("presence");
        EventEnvelope event = PubSubFixture.event(2);
        StepVerifier.create(this.fixture.pubSub.subscribePattern(pattern))
            .expectNext(new Subscribed(pattern))
            // Probes run every second on tk:pubsub-probe:*; none may reach a tk:*
            // pattern.
            .then(() -> this.fixture.pubSub.publish(channel, event)
                .delaySubscription(Duration.ofMillis(1500))
                .subscribe())
            .expectNext(new Message(channel, pattern, event))
            .thenCancel()
            .verify(Duration.ofSeconds(5));
    }

    @Test
    void channelsAreReferenceCountedOnOneConnection() {
        String channel = this.fixture.channel("messages");
        Flux<ChannelSignal> signals = this.fixture.pubSub.subscribe(channel);
        Disposable first = signals.subscribe();
        Disposable second = signals.subscribe();
        await().atMost(Duration.ofSeconds(5)).until(() -> numsub(channel) == 1);

        first.dispose();
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(numsub(channel)).as("one subscriber left keeps the channel").isEqualTo(1);

        second.dispose();
        await().atMost(Duration.ofSeconds(5)).until(() -> !this.fixture.role.sync().pubsubChannels().contains(channel));
    }

    @Test
    void patternsAreReferenceCountedToo() {
        String pattern = this.fixture.keys.key("refcount").tag(java.util.UUID.randomUUID().toString()).build() + "*";
        long before = this.fixture.role.sync().pubsubNumpat();
        Disposable first = this.fixture.pubSub.subscribePattern(pattern).subscribe();
        Disposable second = this.fixture.pubSub.subscribePattern(pattern).subscribe();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.fixture.role.sync().pubsubNumpat() == before + 1);
        first.dispose();
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(this.fixture.role.sync().pubsubNumpat()).isEqualTo(before + 1);
        second.dispose();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.fixture.role.sync().pubsubNumpat() == before);
    }

    @Test
    void aSlowSubscriberLosesTheOldestMessagesWithinItsBoundAndIsToldHowMany() {
        String channel = this.fixture.channel("notifications");
        int published = 1000;
        StepVerifier.create(this.fixture.pubSub.subscribe(channel), 1)
            .expectNext(new Subscribed(channel))
            .then(() -> Flux.range(0, published)
                .concatMap((n) -> this.fixture.pubSub.publish(channel, PubSubFixture.event(n)))
                .blockLast())
            .then(() -> await().atMost(Duration.ofSeconds(10))
                .until(() -> this.fixture.counter("dropped") == published - BUFFER))
            .thenRequest(Long.MAX_VALUE)
            .expectNext(new Gap(GapReason.OVERFLOW, published - BUFFER))
            .recordWith(java.util.ArrayList::new)
            .expectNextCount(BUFFER)
            .consumeRecordedWith((kept) -> assertThat(
                    kept.stream().map((signal) -> ((Message) signal).event().data().get("n").asInt()).toList())
                .isEqualTo(IntStream.range(published - BUFFER, published).boxed().toList()))
            .thenCancel()
            .verify(Duration.ofSeconds(30));
    }

    @Test
    void payloadsThatAreNotEnvelopesAreCountedAndSkipped() {
        String channel = this.fixture.channel("events");
        EventEnvelope event = PubSubFixture.event(3);
        StepVerifier.create(this.fixture.pubSub.subscribe(channel)).expectNext(new Subscribed(channel)).then(() -> {
            this.fixture.role.sync().publish(channel, "{\"not\":\"an envelope\"}");
            this.fixture.pubSub.publish(channel, event).subscribe();
        }).expectNext(new Message(channel, null, event)).thenCancel().verify(Duration.ofSeconds(5));
        assertThat(this.fixture.counter("rejected")).isEqualTo(1);
    }

    @Test
    void onlyOwnChannelsAreAccepted() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.fixture.pubSub.subscribe("other:channel"));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.fixture.pubSub.publish("tk:", PubSubFixture.event(0)));
    }

    private long numsub(String channel) {
        return this.fixture.role.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
    }

}
