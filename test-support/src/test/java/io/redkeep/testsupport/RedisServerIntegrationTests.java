package io.redkeep.testsupport;

import java.nio.file.Files;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Tag(TestTags.REDIS)
class RedisServerIntegrationTests {

    private static RedisClient client;

    @BeforeAll
    static void createClient() {
        client = RedisClient.create();
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void sharedServerIsOnePerJvmAndNeedsNoAuth() {
        RedisServer server = RedisServer.shared();
        assertThat(RedisServer.shared()).isSameAs(server);
        assertThat(server.password()).isNull();
        try (StatefulRedisConnection<String, String> connection = client.connect(server.uri())) {
            connection.sync().set("shared", "yes");
            assertThat(connection.sync().get("shared")).isEqualTo("yes");
            server.flushAll();
            assertThat(connection.sync().get("shared")).isNull();
        }
    }

    @Test
    void sharedServerComesBackAfterATestStoppedIt() {
        RedisServer server = RedisServer.shared();
        server.stop();
        assertThat(server.node().isRunning()).isFalse();
        assertThat(RedisServer.shared()).isSameAs(server);
        assertThat(server.node().isRunning()).isTrue();
        server.close();
        assertThat(server.node().isRunning()).as("close() must not stop the shared server").isTrue();
    }

    @Test
    void passwordIsRequired() {
        try (RedisServer server = RedisServer.builder().password("s3cret with \"quotes\"").start()) {
            assertRejected(RedisURI.create(server.host(), server.port()), "NOAUTH");
            try (StatefulRedisConnection<String, String> connection = client.connect(server.uri())) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void aclUserIsEnforcedAndDefaultUserDisabled() {
        try (RedisServer server = RedisServer.builder().user("app", "app pw").start()) {
            try (StatefulRedisConnection<String, String> connection = client.connect(server.uri())) {
                assertThat(connection.sync().aclWhoami()).isEqualTo("app");
            }
            RedisURI wrongPassword = RedisURI.builder()
                .withHost(server.host())
                .withPort(server.port())
                .withAuthentication("app", "wrong")
                .build();
            assertRejected(wrongPassword, "WRONGPASS");
            assertRejected(RedisURI.create(server.host(), server.port()), "NOAUTH");
        }
    }

    @Test
    void stopAndStartKeepPortAndData() {
        try (RedisServer server = RedisServer.builder().password("pw").start()) {
            int port = server.port();
            try (StatefulRedisConnection<String, String> connection = client.connect(server.uri())) {
                connection.sync().set("durable", "1");
            }
            server.stop();
            assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(() -> client.connect(server.uri()));
            server.start();
            assertThat(server.port()).isEqualTo(port);
            try (StatefulRedisConnection<String, String> connection = client.connect(server.uri())) {
                assertThat(connection.sync().get("durable")).isEqualTo("1");
            }
        }
    }

    @Test
    void pausedServerTimesOutAndRecoversOnResume() {
        try (RedisServer server = RedisServer.builder().start()) {
            try (StatefulRedisConnection<String, String> connection = client.connect(server.uri())) {
                connection.setTimeout(Duration.ofMillis(300));
                server.pause();
                assertThatExceptionOfType(RedisCommandTimeoutException.class)
                    .isThrownBy(() -> connection.sync().ping());
                server.resume();
                connection.setTimeout(Duration.ofSeconds(2));
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void killIsImmediateAndStartRecovers() {
        try (RedisServer server = RedisServer.builder().start()) {
            long pid = server.pid();
            server.kill();
            assertThat(isAlive(pid)).isFalse();
            assertThat(server.node().isRunning()).isFalse();
            server.start();
            assertThat(server.pid()).isNotEqualTo(pid);
            try (StatefulRedisConnection<String, String> connection = client.connect(server.uri())) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void closeLeavesNoProcessAndNoDirectory() {
        RedisServer server = RedisServer.builder().start();
        long pid = server.pid();
        assertThat(isAlive(pid)).isTrue();
        server.close();
        assertThat(isAlive(pid)).isFalse();
        assertThat(Files.exists(server.directory())).isFalse();
    }

    private static void assertRejected(RedisURI uri, String error) {
        assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(() -> client.connect(uri))
            .havingRootCause()
            .isInstanceOf(RedisCommandExecutionException.class)
            .withMessageContaining(error);
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

}
