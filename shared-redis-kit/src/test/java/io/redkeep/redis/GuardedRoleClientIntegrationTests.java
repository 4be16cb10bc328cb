package io.redkeep.redis;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarded execution against a real standalone server: laziness, durable writes with and
 * without replicas, authentication with an ACL user.
 */
@Tag(TestTags.REDIS)
class GuardedRoleClientIntegrationTests {

    private static RedisServer server;

    private static KitFixture kit;

    private static RedisClient raw;

    private static StatefulRedisConnection<String, String> rawConnection;

    @BeforeAll
    static void start() {
        server = RedisServer.shared();
        kit = KitFixture.on(server);
        raw = RedisClient.create(server.uri());
        rawConnection = raw.connect();
    }

    @AfterAll
    static void stop() {
        rawConnection.close();
        raw.shutdown();
        kit.close();
    }

    @Test
    void nothingIsSentUntilSubscription() {
        String key = kit.roles().keys().key("test").part("lazy").build();
        rawConnection.sync().del(key);
        Mono<String> write = kit.roles().state().mono((commands) -> commands.set(key, "1"));
        assertThat(rawConnection.sync().exists(key)).isZero();
        StepVerifier.create(write).expectNext("OK").verifyComplete();
        assertThat(rawConnection.sync().get(key)).isEqualTo("1");
    }

    @Test
    void fluxRunsMultiValuedCommands() {
        String key = kit.roles().keys().key("test").part("list").build();
        rawConnection.sync().del(key);
        rawConnection.sync().rpush(key, "a", "b", "c");
        StepVerifier.create(kit.roles().cache().flux((commands) -> commands.lrange(key, 0, -1)))
            .expectNext("a", "b", "c")
            .verifyComplete();
    }

    @Test
    void aCommandErrorIsTheCallersAndLeavesTheBreakerClosed() {
        String key = kit.roles().keys().key("test").part("wrongtype").build();
        rawConnection.sync().del(key);
        rawConnection.sync().rpush(key, "a");
        for (int i = 0; i < 10; i++) {
            StepVerifier.create(kit.roles().state().mono((commands) -> commands.get(key)))
                .expectErrorSatisfies((ex) -> assertThat(ex).isNotInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("WRONGTYPE"))
                .verify(Duration.ofSeconds(5));
        }
        assertThat(kit.roles().state().breakerState()).isEqualTo("CLOSED");
    }

    @Test
    void durableWriteWithoutReplicasReportsNone() {
        String key = kit.roles().keys().key("test").part("durable").build();
        StepVerifier.create(kit.roles().state().durably((commands) -> commands.set(key, "v"))).assertNext((result) -> {
            assertThat(result.value()).isEqualTo("OK");
            assertThat(result.replicas()).isZero();
            assertThat(result.acknowledged()).isZero();
            assertThat(result.unreplicated()).isFalse();
        }).verifyComplete();
    }

    @Test
    void durableWriteWaitsForAReplica() throws InterruptedException {
        try (RedisServer master = RedisServer.builder().start();
                RedisServer replica = RedisServer.builder()
                    .config("replicaof", master.host() + " " + master.port())
                    .start();
                KitFixture onMaster = KitFixture.on(master)) {
            awaitOnlineReplica(master);
            String key = onMaster.roles().keys().key("test").part("durable").build();
            StepVerifier.create(onMaster.roles().state().durably((commands) -> commands.incr(key)))
                .assertNext((result) -> {
                    assertThat(result.value()).isEqualTo(1L);
                    assertThat(result.replicas()).isEqualTo(1);
                    assertThat(result.acknowledged()).isEqualTo(1);
                    assertThat(result.replicated()).isTrue();
                })
                .verifyComplete();
            // A replica that stopped answering cannot acknowledge: reported, not hidden.
            replica.pause();
            try {
                StepVerifier.create(onMaster.roles().state().durably((commands) -> commands.incr(key)))
                    .assertNext((result) -> {
                        assertThat(result.replicas()).isEqualTo(1);
                        assertThat(result.acknowledged()).isZero();
                        assertThat(result.unreplicated()).isTrue();
                    })
                    .verifyComplete();
            }
            finally {
                replica.resume();
            }
        }
    }

    @Test
    void authenticatesAsAnAclUser() {
        try (RedisServer acl = RedisServer.builder().user("svc", "s3cret-pw").start();
                KitFixture good = KitFixture.on(acl, "state.username=svc", "state.password=s3cret-pw");
                KitFixture bad = KitFixture.on(acl, "state.username=svc", "state.password=wrong",
                        "state.breaker.minimum-calls=100")) {
            StepVerifier.create(good.roles().state().mono((commands) -> commands.aclWhoami()))
                .expectNext("svc")
                .verifyComplete();
            StepVerifier.create(bad.roles().state().mono((commands) -> commands.ping()))
                .expectError(RedisUnavailableException.class)
                .verify(Duration.ofSeconds(10));
        }
    }

    /** Waits until the master counts the replica as online (what ROLE and WAIT see). */
    private static void awaitOnlineReplica(RedisServer master) throws InterruptedException {
        try (RedisClient client = RedisClient.create(master.uri());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!connection.sync().info("replication").contains("state=online")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replica did not connect to its master");
                }
                Thread.sleep(50);
            }
        }
    }

}
