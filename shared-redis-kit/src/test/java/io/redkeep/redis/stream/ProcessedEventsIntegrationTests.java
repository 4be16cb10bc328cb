package io.redkeep.redis.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.redkeep.redis.KitFixture;
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

    private final KitFixture kit = KitFixture.on(RedisServer.shared());

    private final ProcessedEvents processed = new ProcessedEvents(this.kit.roles().state(), this.kit.roles().keys(),
            Duration.ofSeconds(60), Duration.ofDays(7));

    private final String eventId = EventIds.next();

    private final String marker = "tk:seen:analytics:{" + this.eventId + "}";

    @AfterEach
    void close() {
        this.kit.sync().del(this.marker);
        this.kit.close();
    }

    @Test
    void workRunsOnceAndTheMarkerLastsSevenDays() {
        AtomicInteger runs = new AtomicInteger();
        Mono<Integer> work = Mono.fromCallable(runs::incrementAndGet);
        StepVerifier.create(this.processed.once("analytics", this.eventId, work)).expectNext(true).verifyComplete();
        StepVerifier.create(this.processed.once("analytics", this.eventId, work)).expectNext(false).verifyComplete();
        assertThat(runs).hasValue(1);
        assertThat(this.kit.sync().get(this.marker)).isEqualTo("done");
        assertThat(this.kit.sync().ttl(this.marker)).isBetween(Duration.ofDays(7).toSeconds() - 10,
                Duration.ofDays(7).toSeconds());
        StepVerifier.create(this.processed.isDone("analytics", this.eventId)).expectNext(true).verifyComplete();
    }

    @Test
    void failedWorkReleasesTheMarkerSoARetryRuns() {
        StepVerifier.create(this.processed.once("analytics", this.eventId, Mono.error(new IllegalStateException("x"))))
            .verifyErrorMessage("x");
        assertThat(this.kit.sync().exists(this.marker)).isZero();
        StepVerifier.create(this.processed.once("analytics", this.eventId, Mono.just(1)))
            .expectNext(true)
            .verifyComplete();
    }

    @Test
    void workInProgressElsewhereIsReportedForALaterRetry() {
        this.kit.sync().set(this.marker, "processing");
        StepVerifier.create(this.processed.once("analytics", this.eventId, Mono.just(1)))
            .verifyError(EventInProgressException.class);
    }

}
