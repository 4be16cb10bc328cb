package io.redkeep.redis;

import java.time.Duration;

import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A role whose server stops answering: calls time out until the breaker opens, then fail
 * at once; once the server is back, half-open probes close the breaker again.
 */
@Tag(TestTags.REDIS)
@Tag(TestTags.FAULT)
class CircuitBreakerIntegrationTests {

    @Test
    void opensOnTimeoutsFailsFastAndRecovers() {
        try (RedisServer server = RedisServer.builder().start();
                KitFixture kit = KitFixture.on(server, "state.command-timeout=300ms", "state.breaker.minimum-calls=3",
                        "state.breaker.sliding-window-size=3", "state.breaker.wait-in-open=500ms",
                        "state.breaker.half-open-calls=1")) {
            RedisRoleClient state = kit.roles().state();
            // Warm up: a cold JVM's first handshake can exceed the 300 ms deadline.
            StepVerifier
                .create(state.mono((commands) -> commands.ping())
                    .retryWhen(reactor.util.retry.Retry.fixedDelay(40, Duration.ofMillis(200))))
                .expectNext("PONG")
                .verifyComplete();
            assertThat(state.breakerState()).isEqualTo("CLOSED");
            server.pause();
            try {
                for (int i = 0; i < 3; i++) {
                    StepVerifier.create(state.mono((commands) -> commands.ping()))
                        .expectError(RedisUnavailableException.class)
                        .verify(Duration.ofSeconds(5));
                }
                assertThat(state.available()).isFalse();
                assertThat(state.breakerState()).isEqualTo("OPEN");
                Duration fastFail = StepVerifier.create(state.mono((commands) -> commands.ping()))
                    .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("circuit breaker is open"))
                    .verify(Duration.ofSeconds(5));
                assertThat(fastFail).isLessThan(Duration.ofMillis(150));
            }
            finally {
                server.resume();
            }
            StepVerifier
                .create(state.mono((commands) -> commands.ping())
                    .retryWhen(reactor.util.retry.Retry.fixedDelay(40, Duration.ofMillis(100))))
                .expectNext("PONG")
                .verifyComplete();
            assertThat(state.breakerState()).isEqualTo("CLOSED");
        }
    }

}
