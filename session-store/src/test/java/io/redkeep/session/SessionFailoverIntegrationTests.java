package io.redkeep.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.redkeep.redis.RedisRoles;
import io.redkeep.testsupport.RedisNode;
import io.redkeep.testsupport.RedisSentinelGroup;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Sentinel failover right after a revocation must not bring the session back, and one
 * right after a login must not lose it: both are durable writes (WAIT for a replica).
 */
@Tag(TestTags.SENTINEL)
@Tag(TestTags.FAULT)
@SpringBootTest(classes = SessionStoreIntegrationTests.App.class,
        properties = { "spring.application.name=session-failover-tests", "redkeep.redis.state.mode=sentinel",
                "redkeep.redis.cache.mode=sentinel", "redkeep.redis.state.durable-timeout=2s",
                "redkeep.redis.state.command-timeout=1s" })
class SessionFailoverIntegrationTests {

    static RedisSentinelGroup group;

    @Autowired
    SessionStore store;

    @Autowired
    RedisRoles redis;

    @DynamicPropertySource
    static void sentinel(DynamicPropertyRegistry registry) {
        group = RedisSentinelGroup.start();
        String sentinels = group.sentinels()
            .stream()
            .map((node) -> node.host() + ":" + node.port())
            .collect(Collectors.joining(","));
        for (String role : List.of("state", "cache")) {
            registry.add("redkeep.redis." + role + ".nodes", () -> sentinels);
            registry.add("redkeep.redis." + role + ".master", group::masterName);
        }
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.close();
        }
    }

    @Test
    void revokedSessionStaysRevokedAndLiveSessionSurvivesAFailover() {
        NewSession newSession = new NewSession("u-failover", "user", "Fay", "192.0.2.1", "JUnit");
        IssuedSession revoked = created(newSession);
        IssuedSession kept = created(newSession);
        StepVerifier.create(this.store.revoke("u-failover", revoked.session().publicId(), "logout"))
            .expectNextCount(1)
            .verifyComplete();

        RedisNode old = group.master();
        group.killMaster();
        group.awaitNewMaster(old, Duration.ofSeconds(30));

        StepVerifier.create(untilAnswered(this.store.find(revoked.token()).map(SessionRecord::publicId)))
            .expectNext("<none>")
            .verifyComplete();
        StepVerifier.create(untilAnswered(this.store.find(kept.token()).map(SessionRecord::publicId)))
            .expectNext(kept.session().publicId())
            .verifyComplete();
    }

    /**
     * Retries while the kit reconnects to the new master; empty becomes {@code <none>}.
     */
    static Mono<String> untilAnswered(Mono<String> lookup) {
        return lookup.defaultIfEmpty("<none>")
            .retryWhen(Retry.fixedDelay(60, Duration.ofMillis(500)))
            .timeout(Duration.ofSeconds(45));
    }

    IssuedSession created(NewSession session) {
        AtomicReference<IssuedSession> issued = new AtomicReference<>();
        StepVerifier.create(this.store.create(session)).consumeNextWith(issued::set).verifyComplete();
        return issued.get();
    }

}
