package io.redkeep.redis.stream;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.PlainRoleClient;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The role's command timeout is fixed and may be shorter than XREADGROUP's BLOCK: the
 * consumer's own read connection must not time out (and reconnect) on every idle read.
 */
@Tag(TestTags.REDIS)
class EventStreamsBlockingReadIntegrationTests {

    private final PlainRoleClient state = new PlainRoleClient(RedisRole.STATE, RedisServer.shared().uri(),
            Duration.ofMillis(500));

    private final StreamsProperties properties = new StreamsProperties(1000, 2, Duration.ofMillis(1500),
            Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofSeconds(1), 5, Duration.ofSeconds(5),
            Duration.ofDays(7), Duration.ofSeconds(1));

    private final EventStreams streams = new EventStreams(this.state, new RedisKeys("tk"), new EventCodec(),
            this.properties, new SimpleMeterRegistry());

    private final String stream = "test-" + UUID.randomUUID();

    @AfterEach
    void close() {
        this.streams.close();
        this.state.sync().del(this.streams.key(this.stream));
        this.state.close();
    }

    @Test
    void aBlockLongerThanTheRoleTimeoutKeepsOneReadConnection() {
        AtomicInteger handled = new AtomicInteger();
        this.streams.consume(this.stream, "analytics", (event) -> Mono.fromRunnable(handled::incrementAndGet));
        await().atMost(Duration.ofSeconds(5)).until(() -> !readers().isEmpty());
        Set<String> first = readers();
        // Two BLOCK cycles, each far past the role's 500 ms timeout.
        await().pollDelay(Duration.ofMillis(3200)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(readers()).containsAll(first);
        this.streams.append(this.stream, EventEnvelope.create("content.created", 1, "kit-tests", null, null, null))
            .block();
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 1);
    }

    /** Ids of connections whose last command was XREADGROUP. */
    private Set<String> readers() {
        return Arrays.stream(this.state.sync().clientList().split("\n"))
            .filter((line) -> line.contains("cmd=xreadgroup"))
            .map((line) -> line.substring(0, line.indexOf(' ')))
            .collect(Collectors.toSet());
    }

}
