package io.redkeep.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.RedisRoles;
import io.redkeep.testsupport.RedisServer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's read path ({@link SessionStore#find}: one EVALSHA doing HGETALL, TIME and
 * the touch check) against a bare HGETALL of the same key through the same guarded
 * client, in one run. Not part of the build: run it explicitly,
 * {@code ./mvnw -pl session-store -am verify -Dit.test=SessionLookupBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false},
 * and read the figures from the output.
 */
@SpringBootTest(classes = SessionStoreIntegrationTests.App.class, properties = "spring.application.name=session-bench")
class SessionLookupBenchmark {

    static final int WARMUP = 2_000;

    static final int ROUNDS = 10_000;

    @Autowired
    SessionStore store;

    @Autowired
    RedisRoles redis;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        RedisServer server = RedisServer.shared();
        registry.add("redkeep.redis.state.nodes", () -> server.host() + ":" + server.port());
        registry.add("redkeep.redis.cache.nodes", () -> server.host() + ":" + server.port());
    }

    @Test
    void lookupVersusBareHgetall() {
        IssuedSession issued = this.store.create(new NewSession("u-bench", "user", "Bench", "192.0.2.1", "JMH-ish"))
            .block(Duration.ofSeconds(10));
        String token = issued.token();
        String key = this.store.sessionKey(SessionTokens.hash(token));
        RedisRoleClient state = this.redis.state();
        Histogram find = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        Histogram hgetall = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        // Interleaved so both see the same machine load.
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            boolean record = i >= WARMUP;
            time(this.store.find(token), record ? find : null);
            time(state.mono((commands) -> commands.hgetall(key).collectList()), record ? hgetall : null);
        }
        System.out.printf("BENCH session lookup (find, EVALSHA) n=%d p50=%.1fus p99=%.1fus p99.9=%.1fus%n",
                find.getTotalCount(), us(find, 50), us(find, 99), us(find, 99.9));
        System.out.printf("BENCH bare HGETALL                   n=%d p50=%.1fus p99=%.1fus p99.9=%.1fus%n",
                hgetall.getTotalCount(), us(hgetall, 50), us(hgetall, 99), us(hgetall, 99.9));
    }

    static void time(Mono<?> call, Histogram histogram) {
        long start = System.nanoTime();
        call.block(Duration.ofSeconds(5));
        if (histogram != null) {
            histogram.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(1)));
        }
    }

    static double us(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

}
