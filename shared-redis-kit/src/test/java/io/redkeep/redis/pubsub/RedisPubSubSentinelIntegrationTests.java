package io.redkeep.redis.pubsub;

import java.time.Duration;

import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.ChannelSignal.Gap;
import io.redkeep.redis.pubsub.ChannelSignal.GapReason;
import io.redkeep.redis.pubsub.ChannelSignal.Message;
import io.redkeep.redis.pubsub.ChannelSignal.Subscribed;
import io.redkeep.testsupport.RedisNode;
import io.redkeep.testsupport.RedisSentinelGroup;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pub/sub through Sentinel: when the master goes away the subscription follows the new
 * master and subscribers get a gap.
 */
@Tag(TestTags.SENTINEL)
@Tag(TestTags.FAULT)
class RedisPubSubSentinelIntegrationTests {

    private static RedisSentinelGroup group;

    private PubSubFixture fixture;

    @BeforeAll
    static void startGroup() {
        group = RedisSentinelGroup.start();
    }

    @AfterAll
    static void stopGroup() {
        group.close();
    }

    @BeforeEach
    void createPubSub() {
        this.fixture = new PubSubFixture(group.sentinelUri(), 64);
    }

    @AfterEach
    void closePubSub() {
        this.fixture.close();
    }

    @Test
    void aKilledMasterIsNoticedAtOnceAndTheSubscriptionMovesToTheNewMaster() {
        assertFollowsNewMaster(() -> group.killMaster());
    }

    @Test
    void aControlledFailoverMovesTheSubscriptionToo() {
        assertFollowsNewMaster(() -> group.failover());
    }

    private void assertFollowsNewMaster(Runnable fault) {
        String channel = this.fixture.channel("notifications");
        EventEnvelope after = PubSubFixture.event(9);
        RedisNode[] old = new RedisNode[1];
        StepVerifier.create(this.fixture.pubSub.subscribe(channel)).expectNext(new Subscribed(channel)).then(() -> {
            old[0] = group.master();
            long faultAt = System.nanoTime();
            fault.run();
            await().atMost(Duration.ofSeconds(5)).until(() -> !this.fixture.pubSub.connected());
            assertThat(Duration.ofNanos(System.nanoTime() - faultAt)).as("loss detected")
                .isLessThan(Duration.ofSeconds(5));
        }).expectNext(new Gap(GapReason.RECONNECTED, 0)).then(() -> {
            RedisNode master = group.awaitNewMaster(old[0], Duration.ofSeconds(20));
            // Published on the new master directly: the subscription must be there.
            await().atMost(Duration.ofSeconds(10)).until(() -> this.fixture.pubSub.connected());
            try (var publisher = new io.redkeep.redis.PlainRoleClient(io.redkeep.redis.RedisRole.STATE,
                    io.lettuce.core.RedisURI.create(master.host(), master.port()))) {
                publisher.sync().publish(channel, new io.redkeep.redis.event.EventCodec().encode(after));
            }
        }).expectNext(new Message(channel, null, after)).thenCancel().verify(Duration.ofSeconds(40));
    }

}
