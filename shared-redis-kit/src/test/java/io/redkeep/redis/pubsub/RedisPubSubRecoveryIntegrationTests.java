package io.redkeep.redis.pubsub;

import java.time.Duration;

import io.lettuce.core.KillArgs;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.ChannelSignal.Gap;
import io.redkeep.redis.pubsub.ChannelSignal.GapReason;
import io.redkeep.redis.pubsub.ChannelSignal.Message;
import io.redkeep.redis.pubsub.ChannelSignal.Subscribed;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Losing the pub/sub connection, loudly (socket closed) or silently (server stops
 * answering), is noticed within 5 s, every subscription comes back, and subscribers get a
 * gap.
 */
@Tag(TestTags.REDIS)
@Tag(TestTags.FAULT)
class RedisPubSubRecoveryIntegrationTests {

    private static RedisServer server;

    private PubSubFixture fixture;

    @BeforeAll
    static void startServer() {
        server = RedisServer.builder().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void createPubSub() {
        this.fixture = new PubSubFixture(server.uri(), 64);
    }

    @AfterEach
    void closePubSub() {
        this.fixture.close();
    }

    @Test
    void clientKillOfThePubSubConnectionIsRepairedWithAGap() {
        String channel = this.fixture.channel("messages");
        String pattern = this.fixture.keys.key("presence").build() + "*";
        String presence = this.fixture.channel("presence");
        EventEnvelope after = PubSubFixture.event(7);
        long[] killedAt = new long[1];
        StepVerifier
            .create(this.fixture.pubSub.subscribe(channel).mergeWith(this.fixture.pubSub.subscribePattern(pattern)))
            .expectNextCount(2)
            .then(() -> {
                killedAt[0] = System.nanoTime();
                assertThat(this.fixture.role.sync().clientKill(KillArgs.Builder.typePubsub())).isPositive();
            })
            .expectNext(new Gap(GapReason.RECONNECTED, 0), new Gap(GapReason.RECONNECTED, 0))
            .then(() -> assertThat(Duration.ofNanos(System.nanoTime() - killedAt[0])).isLessThan(Duration.ofSeconds(5)))
            .then(() -> {
                this.fixture.pubSub.publish(channel, after).subscribe();
                this.fixture.pubSub.publish(presence, after).subscribe();
            })
            .expectNextMatches((signal) -> signal instanceof Message message && message.event().equals(after))
            .expectNextMatches((signal) -> signal instanceof Message message && message.event().equals(after))
            .thenCancel()
            .verify(Duration.ofSeconds(15));
        assertThat(this.fixture.counter("reconnects")).isEqualTo(1);
    }

    @Test
    void aServerThatStopsAnsweringIsDetectedByTheProbeWithinFiveSeconds() {
        String channel = this.fixture.channel("notifications");
        EventEnvelope after = PubSubFixture.event(8);
        long[] pausedAt = new long[1];
        StepVerifier.create(this.fixture.pubSub.subscribe(channel)).expectNext(new Subscribed(channel)).then(() -> {
            pausedAt[0] = System.nanoTime();
            server.pause();
        }).then(() -> {
            try {
                org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> this.fixture.counter("probe.failures") >= 1);
                assertThat(Duration.ofNanos(System.nanoTime() - pausedAt[0])).isLessThan(Duration.ofSeconds(5));
            }
            finally {
                server.resume();
            }
        })
            .expectNext(new Gap(GapReason.RECONNECTED, 0))
            .then(() -> this.fixture.pubSub.publish(channel, after).subscribe())
            .expectNext(new Message(channel, null, after))
            .thenCancel()
            .verify(Duration.ofSeconds(30));
    }

}
