package io.redkeep.redis.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.redkeep.redis.PlainRoleClient;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.event.EventIds;
import io.redkeep.redis.stream.ProcessedEvents.EventInProgressException;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

@Tag(TestTags.REDIS)
class ProcessedEventsIntegrationTests {

    private final PlainRoleClient state = new PlainRoleClient(RedisRole.STATE, RedisServer.shared().uri());

    private final ProcessedEvents processed = new ProcessedEvents(this.state, new RedisKeys("tk"),
            Duration.ofSeconds(60), Duration.ofDays(7));

    private final String eventId = EventIds.next();

    private final String marker = "tk:seen:analytics:{" + this.eventId + "}";

    @AfterEach
    void close() {
        this.state.sync().del(this.marker);
        this.state.close();
    }

    @Test
    void workRunsOnceAndTheMarkerLastsSevenDays() {
        AtomicInteger runs = new AtomicInteger();
        Mono<Integer> work = Mono.fromCallable(runs::incrementAndGet);
        StepVerifier.create(this.processed.once("analytics", this.eventId, work)).expectNext(true).verifyComplete();
        StepVerifier.create(this.processed.once("analytics", this.eventId, work)).expectNext(false).verifyComplete();
        assertThat(runs).hasValue(1);
        assertThat(this.state.sync().get(this.marker)).isEqualTo("done");
        assertThat(this.state.sync().ttl(this.marker)).isBetween(Duration.ofDays(7).toSeconds() - 10,
                Duration.ofDays(7).toSeconds());
        StepVerifier.create(this.processed.isDone("analytics", this.eventId)).expectNext(true).verifyComplete();
    }

    @Test
    void failedWorkReleasesTheMarkerSoARetryRuns() {
        StepVerifier.create(this.processed.once("analytics", this.eventId, Mono.error(new IllegalStateException("x"))))
            .verifyErrorMessage("x");
        assertThat(this.state.sync().exists(this.marker)).isZero();
        StepVerifier.create(this.processed.once("analytics", this.eventId, Mono.just(1)))
            .expectNext(true)
            .verifyComplete();
    }

    @Test
    void workInProgressElsewhereIsReportedForALaterRetry() {
        this.state.sync().set(this.marker, "processing");
        StepVerifier.create(this.processed.once("analytics", this.eventId, Mono.just(1)))
            .verifyError(EventInProgressException.class);
    }

}
