package io.redkeep.testsupport;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag(TestTags.SENTINEL)
@Tag(TestTags.FAULT)
class RedisSentinelGroupIntegrationTests {

    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    private static RedisSentinelGroup group;

    private static RedisClient client;

    @BeforeAll
    static void startGroup() {
        group = RedisSentinelGroup.builder().password("sentinel-pw").start();
        client = RedisClient.create();
    }

    @AfterAll
    static void stopGroup() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        group.close();
    }

    @Test
    void hasOneMasterTwoReplicasAndThreeSentinels() {
        RedisNode master = group.master();
        assertThat(group.dataNodes()).hasSize(3).contains(master);
        assertThat(group.replicas()).hasSize(2).doesNotContain(master);
        assertThat(group.sentinels()).hasSize(3);
        assertThat(master.info("replication", "role")).isEqualTo("master");
        assertThat(group.replicas()).allSatisfy((replica) -> {
            assertThat(replica.info("replication", "role")).isEqualTo("slave");
            assertThat(replica.info("replication", "master_port")).isEqualTo(String.valueOf(master.port()));
        });
        assertThat(group.sentinelUri().getSentinelMasterId()).isEqualTo(group.masterName());
        assertThat(group.sentinelUri().getSentinels()).hasSize(3);
    }

    @Test
    void killedMasterIsReplacedAndComesBackAsReplica() {
        RedisNode old = group.master();
        write("before-kill");
        long started = System.nanoTime();
        group.killMaster();
        assertThat(old.isRunning()).isFalse();
        RedisNode elected = group.awaitNewMaster(old, FAILOVER_TIMEOUT);
        System.out.printf("Sentinel failover after kill -9 took %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(elected).isNotSameAs(old);
        assertThat(group.master()).isSameAs(elected);
        assertThat(write("after-kill")).isEqualTo("after-kill");
        old.start();
        awaitRole(old, "slave");
        assertThat(old.info("replication", "master_port")).isEqualTo(String.valueOf(elected.port()));
    }

    @Test
    void sentinelFailoverPromotesAReplica() {
        RedisNode old = group.master();
        long started = System.nanoTime();
        group.failover();
        RedisNode elected = group.awaitNewMaster(old, FAILOVER_TIMEOUT);
        System.out.printf("SENTINEL FAILOVER took %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(elected).isNotSameAs(old);
        assertThat(write("after-failover")).isEqualTo("after-failover");
        awaitRole(old, "slave");
    }

    /**
     * Writes through the sentinel URI, as an application would, and reads the value back.
     */
    private static String write(String value) {
        try (StatefulRedisConnection<String, String> connection = client.connect(group.sentinelUri())) {
            connection.sync().set("probe", value);
            return connection.sync().get("probe");
        }
    }

    private static void awaitRole(RedisNode node, String role) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!role.equals(node.info("replication", "role"))) {
            assertThat(System.nanoTime()).as("%s should become %s", node, role).isLessThan(deadline);
            RedisNode.sleep(100);
        }
    }

}
