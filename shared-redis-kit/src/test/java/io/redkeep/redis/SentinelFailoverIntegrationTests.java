package io.redkeep.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redkeep.testsupport.RedisNode;
import io.redkeep.testsupport.RedisSentinelGroup;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state role on a real Sentinel group under a steady write load: a controlled
 * failover never shows a caller READONLY and writes resume within 5 s; after kill -9 of
 * the master, writes resume and every write acknowledged by a replica survives.
 */
@Tag(TestTags.SENTINEL)
@Tag(TestTags.FAULT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelFailoverIntegrationTests {

    private static final Duration WRITE_INTERVAL = Duration.ofMillis(20);

    private static RedisSentinelGroup group;

    private static KitFixture kit;

    @BeforeAll
    static void start() {
        group = RedisSentinelGroup.start();
        String sentinels = group.sentinels()
            .stream()
            .map((node) -> node.host() + ":" + node.port())
            .collect(Collectors.joining(","));
        kit = KitFixture.with(Map.of(), "state.mode=sentinel", "state.nodes=" + sentinels,
                "state.master=" + group.masterName(), "state.command-timeout=1s", "state.breaker.wait-in-open=500ms");
    }

    @AfterAll
    static void stop() {
        if (kit != null) {
            kit.close();
        }
        if (group != null) {
            group.close();
        }
    }

    @Test
    @Order(1)
    void controlledFailoverNeverSurfacesReadOnly() {
        RedisNode old = group.master();
        String prefix = "controlled-" + System.nanoTime();
        Function<Long, Mono<Outcome>> write = (i) -> {
            String key = kit.roles().keys().key("test").part(prefix).part(Long.toString(i)).build();
            return outcome(kit.roles().state().mono((commands) -> commands.set(key, "v")), key);
        };
        Schedulers.boundedElastic().schedule(group::failover, 1500, TimeUnit.MILLISECONDS);
        StepVerifier.create(load(write, Duration.ofSeconds(9))).assertNext((outcomes) -> {
            report("SENTINEL FAILOVER", outcomes);
            assertThat(outcomes).extracting(Outcome::error)
                .filteredOn((error) -> error != null)
                .allSatisfy((error) -> assertThat(chain(error)).doesNotContain("READONLY"));
            assertThat(longestGapBetweenSuccesses(outcomes)).isLessThan(Duration.ofSeconds(5));
            assertThat(outcomes.get(outcomes.size() - 1).error()).isNull();
        }).verifyComplete();
        RedisNode promoted = group.awaitNewMaster(old, Duration.ofSeconds(10));
        assertThat(promoted.port()).isNotEqualTo(old.port());
    }

    @Test
    @Order(2)
    void killedMasterIsReplacedAndAcknowledgedWritesSurvive() {
        RedisNode old = group.master();
        String prefix = "kill-" + System.nanoTime();
        Function<Long, Mono<Outcome>> write = (i) -> {
            String key = kit.roles().keys().key("test").part(prefix).part(Long.toString(i)).build();
            return kit.roles()
                .state()
                .durably((commands) -> commands.set(key, "v"))
                .map((result) -> new Outcome(System.nanoTime(), key, null, result.acknowledged()))
                .onErrorResume((ex) -> Mono.just(new Outcome(System.nanoTime(), key, ex, 0)));
        };
        Schedulers.boundedElastic().schedule(group::killMaster, 1500, TimeUnit.MILLISECONDS);
        List<Outcome> outcomes = new ArrayList<>();
        StepVerifier.create(load(write, Duration.ofSeconds(12))).assertNext((results) -> {
            outcomes.addAll(results);
            report("kill -9 master", results);
            assertThat(longestGapBetweenSuccesses(results)).isLessThan(Duration.ofSeconds(8));
            assertThat(results).extracting(Outcome::error)
                .filteredOn((error) -> error != null)
                .allSatisfy((error) -> assertThat(chain(error)).doesNotContain("READONLY"));
            assertThat(results.get(results.size() - 1).error()).isNull();
        }).verifyComplete();
        RedisNode promoted = group.awaitNewMaster(old, Duration.ofSeconds(10));
        List<String> acknowledged = outcomes.stream()
            .filter((outcome) -> outcome.error() == null && outcome.acknowledged() > 0)
            .map(Outcome::key)
            .toList();
        assertThat(acknowledged).isNotEmpty();
        System.out.printf("kill -9 master: %d writes acknowledged by a replica, all checked on the new master%n",
                acknowledged.size());
        try (RedisClient client = RedisClient
            .create(RedisURI.builder().withHost(promoted.host()).withPort(promoted.port()).build());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> missing = acknowledged.stream().filter((key) -> connection.sync().exists(key) == 0).toList();
            assertThat(missing).as("acknowledged writes lost in the failover").isEmpty();
        }
    }

    /**
     * A write every 20 ms (skipped while the previous one is still running) for
     * {@code duration}, every outcome recorded in order.
     */
    private static Mono<List<Outcome>> load(Function<Long, Mono<Outcome>> write, Duration duration) {
        return Flux.interval(WRITE_INTERVAL).onBackpressureDrop().take(duration).concatMap(write::apply).collectList();
    }

    private static Mono<Outcome> outcome(Mono<?> call, String key) {
        return call.map((reply) -> new Outcome(System.nanoTime(), key, null, 0))
            .onErrorResume((ex) -> Mono.just(new Outcome(System.nanoTime(), key, ex, 0)));
    }

    private static void report(String scenario, List<Outcome> outcomes) {
        long errors = outcomes.stream().filter((outcome) -> outcome.error() != null).count();
        System.out.printf("%s: %d writes, %d failed (RedisUnavailableException), longest gap between successes %d ms%n",
                scenario, outcomes.size(), errors, longestGapBetweenSuccesses(outcomes).toMillis());
    }

    private static Duration longestGapBetweenSuccesses(List<Outcome> outcomes) {
        long previous = -1;
        long longest = 0;
        for (Outcome outcome : outcomes) {
            if (outcome.error() == null) {
                if (previous >= 0) {
                    longest = Math.max(longest, outcome.at() - previous);
                }
                previous = outcome.at();
            }
        }
        return Duration.ofNanos(longest);
    }

    private static String chain(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            messages.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append(" / ");
        }
        return messages.toString();
    }

    record Outcome(long at, String key, Throwable error, long acknowledged) {
    }

}
