package io.redkeep.redis.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.redkeep.redis.KitFixture;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

@Tag(TestTags.REDIS)
class ReactiveCacheIntegrationTests {

    private static KitFixture kit;

    @BeforeAll
    static void start() {
        kit = KitFixture.on(RedisServer.shared());
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    record Profile(String id, String name) {
    }

    @Test
    void hundredConcurrentCallersLoadOnce() {
        ReactiveCache<Profile> cache = kit.caches()
            .create(CacheSpec.of("profile-" + System.nanoTime(), Profile.class, Duration.ofMinutes(1)));
        AtomicInteger loads = new AtomicInteger();
        Mono<Profile> loader = Mono.delay(Duration.ofMillis(200))
            .map((tick) -> new Profile("u1", "Ada #" + loads.incrementAndGet()));
        StepVerifier
            .create(Flux.range(0, 100).flatMap((i) -> cache.get("u1", "profile", () -> loader), 100).collectList())
            .assertNext((results) -> {
                assertThat(results).hasSize(100);
                assertThat(results).extracting(CacheResult::value).containsOnly(new Profile("u1", "Ada #1"));
            })
            .verifyComplete();
        assertThat(loads).hasValue(1);
        StepVerifier.create(cache.get("u1", "profile", () -> loader))
            .assertNext((result) -> assertThat(result)
                .isEqualTo(new CacheResult<>(new Profile("u1", "Ada #1"), CacheOutcome.HIT)))
            .verifyComplete();
        assertThat(loads).hasValue(1);
    }

    @Test
    void bumpingTheGenerationMakesTheNextReadAMiss() {
        ReactiveCache<List<String>> cache = kit.caches()
            .create(CacheSpec
                .of("search-" + System.nanoTime(), new tools.jackson.core.type.TypeReference<List<String>>() {
                }, Duration.ofMinutes(5))
                .withGenerations());
        AtomicInteger loads = new AtomicInteger();
        Mono<List<String>> loader = Mono.fromSupplier(() -> List.of("result-" + loads.incrementAndGet()));
        StepVerifier.create(cache.get("u2", "q1", () -> loader))
            .assertNext((result) -> assertThat(result.outcome()).isEqualTo(CacheOutcome.MISS))
            .verifyComplete();
        StepVerifier.create(cache.get("u2", "q1", () -> loader))
            .assertNext(
                    (result) -> assertThat(result).isEqualTo(new CacheResult<>(List.of("result-1"), CacheOutcome.HIT)))
            .verifyComplete();
        StepVerifier.create(cache.invalidate("u2")).expectNext(1L).verifyComplete();
        StepVerifier.create(cache.get("u2", "q1", () -> loader))
            .assertNext(
                    (result) -> assertThat(result).isEqualTo(new CacheResult<>(List.of("result-2"), CacheOutcome.MISS)))
            .verifyComplete();
        StepVerifier.create(cache.get("u2", "q1", () -> loader))
            .assertNext((result) -> assertThat(result.outcome()).isEqualTo(CacheOutcome.HIT))
            .verifyComplete();
        // Another owner's entries are untouched by u2's bump.
        StepVerifier.create(cache.get("u3", "q1", () -> loader))
            .assertNext((result) -> assertThat(result.outcome()).isEqualTo(CacheOutcome.MISS))
            .verifyComplete();
    }

    @Test
    void generationGoesBeforeOrAfterThePartAsTheSpecAsks() {
        String search = "search-" + System.nanoTime();
        String dashboards = "analytics-" + System.nanoTime();
        ReactiveCache<String> before = kit.caches()
            .create(CacheSpec.of(search, String.class, Duration.ofMinutes(5)).withGenerations());
        ReactiveCache<String> last = kit.caches()
            .create(CacheSpec.of(dashboards, String.class, Duration.ofMinutes(5)).withGenerationsLast());
        StepVerifier.create(before.invalidate("u4").then(before.get("u4", "q1", () -> Mono.just("page"))))
            .expectNextCount(1)
            .verifyComplete();
        StepVerifier.create(last.invalidate("u4").then(last.get("u4", "dashboard:7d", () -> Mono.just("board"))))
            .expectNextCount(1)
            .verifyComplete();
        assertThat(kit.sync().exists("tk:cache:" + search + ":{u4}:1:q1")).isEqualTo(1);
        assertThat(kit.sync().exists("tk:cache:" + dashboards + ":{u4}:dashboard:7d:1")).isEqualTo(1);
        StepVerifier.create(last.get("u4", "dashboard:7d", () -> Mono.just("other")))
            .assertNext((result) -> assertThat(result).isEqualTo(new CacheResult<>("board", CacheOutcome.HIT)))
            .verifyComplete();
        StepVerifier.create(last.invalidate("u4").then(last.get("u4", "dashboard:7d", () -> Mono.just("new"))))
            .assertNext((result) -> assertThat(result).isEqualTo(new CacheResult<>("new", CacheOutcome.MISS)))
            .verifyComplete();
        assertThat(kit.sync().exists("tk:cache:" + dashboards + ":{u4}:dashboard:7d:2")).isEqualTo(1);
    }

    @Test
    void jsonIsAnsweredAsStoredAndSharesEntriesWithGet() {
        ReactiveCache<Profile> cache = kit.caches()
            .create(CacheSpec.of("json-" + System.nanoTime(), Profile.class, Duration.ofMinutes(5)).withGenerations());
        AtomicInteger loads = new AtomicInteger();
        java.util.function.Supplier<Mono<Profile>> loader = () -> Mono
            .fromSupplier(() -> new Profile("u6", "Ada \"<b>\" #" + loads.incrementAndGet()));
        String json = cache.toJson(new Profile("u6", "Ada \"<b>\" #1"));
        assertThat(json).isEqualTo("{\"id\":\"u6\",\"name\":\"Ada \\\"<b>\\\" #1\"}");
        StepVerifier.create(cache.getJson("u6", "q", loader))
            .expectNext(new CacheResult<>(json, CacheOutcome.MISS))
            .verifyComplete();
        StepVerifier.create(cache.getJson("u6", "q", loader))
            .expectNext(new CacheResult<>(json, CacheOutcome.HIT))
            .verifyComplete();
        StepVerifier.create(cache.get("u6", "q", loader))
            .expectNext(new CacheResult<>(new Profile("u6", "Ada \"<b>\" #1"), CacheOutcome.HIT))
            .verifyComplete();
        assertThat(loads).hasValue(1);
        StepVerifier.create(cache.invalidate("u6").then(cache.getJson("u6", "q", loader)))
            .expectNext(new CacheResult<>(cache.toJson(new Profile("u6", "Ada \"<b>\" #2")), CacheOutcome.MISS))
            .verifyComplete();
        assertThat(loads).hasValue(2);
    }

    @Test
    void errorsAreNeverCached() {
        ReactiveCache<String> cache = kit.caches()
            .create(CacheSpec.of("errors-" + System.nanoTime(), String.class, Duration.ofMinutes(1)));
        StepVerifier.create(cache.get("u4", "x", () -> Mono.error(new IllegalStateException("database down"))))
            .expectErrorMessage("database down")
            .verify(Duration.ofSeconds(5));
        StepVerifier.create(cache.get("u4", "x", () -> Mono.just("fine")))
            .expectNext(new CacheResult<>("fine", CacheOutcome.MISS))
            .verifyComplete();
    }

    @Test
    void outcomesAreCountedPerCache() {
        String name = "metrics-" + System.nanoTime();
        ReactiveCache<String> cache = kit.caches().create(CacheSpec.of(name, String.class, Duration.ofMinutes(1)));
        StepVerifier.create(cache.get("u5", "x", () -> Mono.just("v")).then(cache.get("u5", "x", () -> Mono.just("v"))))
            .expectNextCount(1)
            .verifyComplete();
        assertThat(kit.registry().get("redkeep.cache.requests").tags("cache", name, "result", "miss").counter().count())
            .isEqualTo(1);
        assertThat(kit.registry().get("redkeep.cache.requests").tags("cache", name, "result", "hit").counter().count())
            .isEqualTo(1);
        assertThat(kit.registry().get("redkeep.cache.load").tags("cache", name).timer().count()).isEqualTo(1);
    }

}
