package io.redkeep.redis.cache;

import java.time.Duration;

import io.redkeep.redis.KitFixture;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache when Redis is gone: values still correct (BYPASS), and fast once the breaker
 * is open.
 */
@Tag(TestTags.REDIS)
@Tag(TestTags.FAULT)
class ReactiveCacheBypassIntegrationTests {

    private static final String[] FAST_BREAKER = { "cache.command-timeout=1s", "cache.breaker.minimum-calls=3",
            "cache.breaker.sliding-window-size=3", "cache.breaker.wait-in-open=30s" };

    @Test
    void stoppedRedisServesFromTheLoader() {
        try (RedisServer server = RedisServer.builder().start(); KitFixture kit = KitFixture.on(server, FAST_BREAKER)) {
            ReactiveCache<String> cache = kit.caches()
                .create(CacheSpec.of("stopped", String.class, Duration.ofMinutes(1)));
            StepVerifier.create(cache.get("u1", "x", () -> Mono.just("from-db-1")))
                .expectNext(new CacheResult<>("from-db-1", CacheOutcome.MISS))
                .verifyComplete();
            server.stop();
            for (int i = 2; i < 10; i++) {
                String fresh = "from-db-" + i;
                StepVerifier.create(cache.get("u1", "x", () -> Mono.just(fresh)))
                    .expectNext(new CacheResult<>(fresh, CacheOutcome.BYPASS))
                    .verifyComplete();
                StepVerifier.create(cache.getJson("u1", "x", () -> Mono.just(fresh)))
                    .expectNext(new CacheResult<>("\"" + fresh + "\"", CacheOutcome.BYPASS))
                    .verifyComplete();
            }
            assertThat(kit.roles().cache().available()).isFalse();
        }
    }

    @Test
    void onceTheBreakerIsOpenNoCallWaitsForTheCommandTimeout() {
        try (RedisServer server = RedisServer.builder().start(); KitFixture kit = KitFixture.on(server, FAST_BREAKER)) {
            ReactiveCache<String> cache = kit.caches()
                .create(CacheSpec.of("paused", String.class, Duration.ofMinutes(1)));
            StepVerifier.create(cache.get("u1", "x", () -> Mono.just("warm"))).expectNextCount(1).verifyComplete();
            server.pause();
            try {
                // A frozen server: the first calls wait for the 1 s deadline, then
                // BYPASS.
                while (kit.roles().cache().available()) {
                    StepVerifier.create(cache.get("u1", "x", () -> Mono.just("db")))
                        .expectNext(new CacheResult<>("db", CacheOutcome.BYPASS))
                        .verifyComplete();
                }
                for (int i = 0; i < 20; i++) {
                    Duration took = StepVerifier.create(cache.get("u1", "x", () -> Mono.just("db")))
                        .expectNext(new CacheResult<>("db", CacheOutcome.BYPASS))
                        .verifyComplete();
                    // Well under the 1 s deadline, with room for a loaded build
                    // machine's scheduling stalls.
                    assertThat(took).isLessThan(Duration.ofMillis(500));
                }
            }
            finally {
                server.resume();
            }
        }
    }

    private static void warmUp(KitFixture kit) {
        StepVerifier
            .create(kit.roles()
                .cache()
                .mono((commands) -> commands.ping())
                .retryWhen(reactor.util.retry.Retry.fixedDelay(40, Duration.ofMillis(200))))
            .expectNext("PONG")
            .verifyComplete();
    }

}
