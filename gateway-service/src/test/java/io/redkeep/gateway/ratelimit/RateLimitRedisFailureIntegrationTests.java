package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.KitFixture;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis paused (SIGSTOP) or stopped: open policies are decided by the local fallback
 * within the deadline, closed ones are refused, and once the breaker is open no request
 * waits for Redis at all.
 */
@Tag(TestTags.REDIS)
@Tag(TestTags.FAULT)
class RateLimitRedisFailureIntegrationTests {

    private static final Duration DEADLINE = Duration.ofMillis(50);

    /**
     * The deadline plus scheduling slack on a loaded two-core machine; far below the 10 s
     * command timeout of the kit's roles (set below), which is what a request would wait
     * otherwise.
     */
    private static final Duration WITHIN_DEADLINE = Duration.ofMillis(1500);

    RedisServer server;

    KitFixture kit;

    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    DistributedRateLimiter limiter;

    RateLimitPolicy open = Limiters.policy("general", Algorithm.SLIDING_WINDOW, 100, Duration.ofSeconds(60), null);

    RateLimitPolicy closed = Limiters.policy("login", Algorithm.FIXED_WINDOW, 10, Duration.ofSeconds(60), null,
            FailureMode.CLOSED);

    String user = UUID.randomUUID().toString();

    @BeforeEach
    void start() {
        this.server = RedisServer.builder().start();
        this.kit = KitFixture.on(this.server, "state.command-timeout=10s", "cache.command-timeout=10s");
        this.limiter = Limiters.limiter(this.kit.roles(), DEADLINE, 2, Duration.ofSeconds(1), this.meters);
        // warm the connection and the script cache so the deadline measures Redis, not
        // start-up
        StepVerifier
            .create(Flux.interval(Duration.ofMillis(100))
                .onBackpressureDrop()
                .concatMap((i) -> this.limiter.decide(List.of(openRequest())))
                .filter((decision) -> !decision.fallback())
                .next())
            .expectNextCount(1)
            .verifyComplete();
    }

    @AfterEach
    void stop() {
        this.server.resume();
        this.kit.close();
        this.server.close();
    }

    @Test
    void pausedRedisFallsBackWithinTheDeadlineThenStopsWaiting() {
        this.server.pause();
        assertFallbacksWithinDeadlineThenImmediately();
        this.server.resume();
    }

    @Test
    void stoppedRedisFallsBackWithinTheDeadlineThenStopsWaitingAndRecovers() {
        this.server.stop();
        assertFallbacksWithinDeadlineThenImmediately();
        this.server.start();
        // the breaker half-opens after a second and lets a probe through once Redis is
        // back
        StepVerifier
            .create(Flux.interval(Duration.ofMillis(100))
                .onBackpressureDrop()
                .concatMap((i) -> this.limiter.decide(List.of(openRequest())))
                .filter((decision) -> !decision.fallback())
                .next())
            .expectNextCount(1)
            .verifyComplete();
        assertThat(this.limiter.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theFallbackAdmitsOnlyThisInstancesShareOfTheLimit() {
        RateLimitPolicy upload = Limiters.policy("upload", Algorithm.SLIDING_LOG, 10, Duration.ofSeconds(60), null);
        PolicyRequest request = new PolicyRequest(upload, "tk:rl:{u:" + this.user + "}:upload");
        this.server.pause();
        // limit 10 over 2 expected instances: this instance admits 5 while Redis is away
        StepVerifier
            .create(Flux.range(0, 12)
                .concatMap((i) -> this.limiter.decide(List.of(request)))
                .doOnNext((decision) -> assertThat(decision.fallback()).isTrue())
                .filter(RateLimitDecision::admitted)
                .count())
            .expectNext(5L)
            .verifyComplete();
    }

    private void assertFallbacksWithinDeadlineThenImmediately() {
        double fallbacksBefore = fallbacks();
        for (int i = 0; i < 5; i++) {
            Duration open = StepVerifier.create(this.limiter.decide(List.of(openRequest()))).assertNext((decision) -> {
                assertThat(decision.fallback()).isTrue();
                assertThat(decision.admitted()).isTrue();
                assertThat(decision.outcomes()).hasSize(1);
            }).verifyComplete();
            System.out.println("fallback decision took " + open.toMillis() + " ms");
            assertThat(open).isLessThan(WITHIN_DEADLINE);
        }
        assertThat(this.limiter.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        long notPermitted = this.limiter.breaker().getMetrics().getNumberOfNotPermittedCalls();
        List<Duration> took = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Duration closed = StepVerifier.create(this.limiter.decide(List.of(openRequest(), closedRequest())))
                .assertNext((decision) -> {
                    assertThat(decision.verdict()).isEqualTo(RateLimitDecision.Verdict.UNAVAILABLE);
                    assertThat(decision.fallback()).isTrue();
                })
                .verifyComplete();
            took.add(closed);
        }
        // with the breaker open no call reaches Redis, so nothing waits for it
        assertThat(this.limiter.breaker().getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(notPermitted + 20);
        took.sort(null);
        System.out.println("with the breaker open, decisions took " + took);
        assertThat(took.get(10)).isLessThan(DEADLINE);
        assertThat(fallbacks() - fallbacksBefore).isEqualTo(25);
    }

    private double fallbacks() {
        return this.meters.find("redkeep.ratelimit.fallback")
            .tag("policy", "general")
            .counters()
            .stream()
            .mapToDouble((c) -> c.count())
            .sum();
    }

    private PolicyRequest openRequest() {
        return new PolicyRequest(this.open, "tk:rl:{u:" + this.user + "}:general");
    }

    private PolicyRequest closedRequest() {
        return new PolicyRequest(this.closed, "tk:rl:{u:" + this.user + "}:login");
    }

}
