package io.redkeep.redis.script;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redkeep.redis.KitFixture;
import io.redkeep.redis.RedisKeys;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

@Tag(TestTags.REDIS)
class RedisScriptIntegrationTests {

    private static KitFixture kit;

    private static RedisClient raw;

    private static StatefulRedisConnection<String, String> rawConnection;

    private final RedisScript script = new RedisScripts(getClass().getClassLoader()).get("test-incr-once");

    @BeforeAll
    static void start() {
        RedisServer server = RedisServer.shared();
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
    void runsWithEvalshaAndReloadsAfterScriptFlush() {
        RedisKeys keys = kit.roles().keys();
        String counter = keys.key("test").tag("c1").part("counter").build();
        String marker = keys.key("seen").part("test").tag("c1-" + System.nanoTime()).build();
        String marker2 = keys.key("seen").part("test").tag("c1b-" + System.nanoTime()).build();
        rawConnection.sync().del(counter);
        StepVerifier
            .create(this.script.<Long>mono(kit.roles().state(), ScriptOutputType.INTEGER, List.of(counter, marker),
                    "r1"))
            .expectNext(1L)
            .verifyComplete();
        assertThat(rawConnection.sync().scriptExists(this.script.sha())).containsExactly(true);
        rawConnection.sync().scriptFlush();
        assertThat(rawConnection.sync().scriptExists(this.script.sha())).containsExactly(false);
        StepVerifier
            .create(this.script.<Long>mono(kit.roles().state(), ScriptOutputType.INTEGER, List.of(counter, marker2),
                    "r2"))
            .expectNext(2L)
            .verifyComplete();
        assertThat(rawConnection.sync().scriptExists(this.script.sha())).containsExactly(true);
    }

    @Test
    void aRepeatedRequestIdDoesNotApplyTwice() {
        RedisKeys keys = kit.roles().keys();
        String counter = keys.key("test").tag("c2").part("counter").build();
        String marker = keys.key("seen").part("test").tag("c2-" + System.nanoTime()).build();
        rawConnection.sync().del(counter);
        for (int i = 0; i < 3; i++) {
            StepVerifier
                .create(this.script.<Long>mono(kit.roles().state(), ScriptOutputType.INTEGER, List.of(counter, marker),
                        "same-request"))
                .expectNext(1L)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        }
    }

}
