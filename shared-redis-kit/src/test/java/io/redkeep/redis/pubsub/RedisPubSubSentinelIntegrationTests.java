package io.redkeep.redis.pubsub;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redkeep.redis.event.EventCodec;
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
        this.fixture = PubSubFixture.onSentinels(group, 64);
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
            double reconnects = this.fixture.counter("reconnects");
            long faultAt = System.nanoTime();
            fault.run();
            // The disconnected spell can last only milliseconds: a reconnect counted
            // since the fault proves the loss was noticed as well.
            await().pollInterval(Duration.ofMillis(10))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !this.fixture.pubSub.connected() || this.fixture.counter("reconnects") > reconnects);
            assertThat(Duration.ofNanos(System.nanoTime() - faultAt)).as("loss detected")
                .isLessThan(Duration.ofSeconds(5));
        }).expectNext(new Gap(GapReason.RECONNECTED, 0)).then(() -> {
            RedisNode master = group.awaitNewMaster(old[0], Duration.ofSeconds(20));
            // Published on the new master directly: the subscription must be there.
            await().atMost(Duration.ofSeconds(10)).until(() -> this.fixture.pubSub.connected());
            RedisClient publisher = RedisClient.create(RedisURI.create(master.host(), master.port()));
            try (StatefulRedisConnection<String, String> connection = publisher.connect()) {
                connection.sync().publish(channel, new EventCodec().encode(after));
            }
            finally {
                publisher.shutdown();
            }
        }).expectNext(new Message(channel, null, after)).thenCancel().verify(Duration.ofSeconds(40));
    }

}
