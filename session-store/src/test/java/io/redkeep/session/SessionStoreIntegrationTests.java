package io.redkeep.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redkeep.redis.RedisRoles;
import io.redkeep.session.SessionRevocations.RevocationSignal;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session layout of spec/internal.md against a real Redis: creation, lookup with
 * touch, expiry, index pruning, revocation and its announcement.
 */
@Tag(TestTags.REDIS)
@SpringBootTest(classes = SessionStoreIntegrationTests.App.class,
        properties = { "spring.application.name=session-store-tests", "redkeep.session.touch-interval=0s" })
class SessionStoreIntegrationTests {

    static RedisClient inspector;

    static StatefulRedisConnection<String, String> connection;

    @Autowired
    SessionStore store;

    @Autowired
    SessionRevocations revocations;

    @Autowired
    RedisRoles redis;

    @Autowired
    SessionRevocationPublisher publisher;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        RedisServer server = RedisServer.shared();
        registry.add("redkeep.redis.state.nodes", () -> server.host() + ":" + server.port());
        registry.add("redkeep.redis.cache.nodes", () -> server.host() + ":" + server.port());
    }

    @BeforeAll
    static void connect() {
        inspector = RedisClient.create(RedisServer.shared().uri());
        connection = inspector.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        inspector.shutdown();
    }

    @BeforeEach
    void flush() {
        RedisServer.shared().flushAll();
    }

    RedisCommands<String, String> redisSync() {
        return connection.sync();
    }

    SessionStore storeWith(Duration idle, Duration absolute, Duration touch) {
        return new SessionStore(this.redis, new SessionStoreProperties(idle, absolute, touch), this.publisher);
    }

    static IssuedSession created(SessionStore store, NewSession session) {
        AtomicReference<IssuedSession> issued = new AtomicReference<>();
        StepVerifier.create(store.create(session)).consumeNextWith(issued::set).verifyComplete();
        return issued.get();
    }

    static NewSession session(String userId) {
        return new NewSession(userId, "user", "Ada", "203.0.113.7", "JUnit");
    }

    @Test
    void createdSessionIsFoundByItsTokenWithEveryField() {
        IssuedSession issued = created(this.store, session("u-1"));
        assertThat(issued.token()).matches("[A-Za-z0-9_-]{43}");
        StepVerifier.create(this.store.find(issued.token())).assertNext((record) -> {
            assertThat(record.publicId()).isEqualTo(issued.session().publicId());
            assertThat(record.userId()).isEqualTo("u-1");
            assertThat(record.role()).isEqualTo("user");
            assertThat(record.displayName()).isEqualTo("Ada");
            assertThat(record.ip()).isEqualTo("203.0.113.7");
            assertThat(record.userAgent()).isEqualTo("JUnit");
            assertThat(record.tokenHash()).isEqualTo(SessionTokens.hash(issued.token()));
            assertThat(record.expiresAt()).isEqualTo(record.createdAt().plus(Duration.ofDays(30)));
            assertThat(record.idleTimeout()).isEqualTo(Duration.ofHours(24));
        }).verifyComplete();
        String tokenHash = SessionTokens.hash(issued.token());
        assertThat(redisSync().pttl("tk:session:{" + tokenHash + "}")).isBetween(1L, Duration.ofHours(24).toMillis());
        assertThat(redisSync().get("tk:session-id:{" + issued.session().publicId() + "}")).isEqualTo(tokenHash);
        assertThat(redisSync().zscore("tk:user:{u-1}:sessions", issued.session().publicId())).isNotNull();
    }

    @Test
    void unknownOrMalformedTokensFindNothing() {
        StepVerifier.create(this.store.find(SessionTokens.newToken())).verifyComplete();
        StepVerifier.create(this.store.find("not a token")).verifyComplete();
        StepVerifier.create(this.store.find(null)).verifyComplete();
    }

    @Test
    void everyCreateMintsANewToken() {
        StepVerifier
            .create(Flux.range(0, 5)
                .flatMap((i) -> this.store.create(session("u-2")))
                .map(IssuedSession::token)
                .collectList())
            .assertNext((tokens) -> assertThat(tokens).doesNotHaveDuplicates().hasSize(5))
            .verifyComplete();
    }

    @Test
    void rawTokenAppearsInNoKeyOrValue() {
        IssuedSession issued = created(this.store, session("u-3"));
        StepVerifier.create(this.store.find(issued.token())).expectNextCount(1).verifyComplete();
        List<String> everything = dumpKeyspace();
        assertThat(everything).isNotEmpty();
        assertThat(everything).noneMatch((text) -> text.contains(issued.token()));
    }

    @Test
    void lookupRefreshesLastActiveAtMostOncePerTouchInterval() throws InterruptedException {
        SessionStore touching = storeWith(Duration.ofHours(1), Duration.ofDays(1), Duration.ofMillis(500));
        IssuedSession issued = created(touching, session("u-4"));
        Instant created = issued.session().lastActiveAt();
        StepVerifier.create(touching.find(issued.token()))
            .assertNext((record) -> assertThat(record.lastActiveAt()).isEqualTo(created))
            .verifyComplete();
        Thread.sleep(600);
        StepVerifier.create(touching.find(issued.token()))
            .assertNext((record) -> assertThat(record.lastActiveAt()).isAfter(created))
            .verifyComplete();
        String tokenHash = SessionTokens.hash(issued.token());
        Thread.sleep(600);
        StepVerifier.create(touching.touch(tokenHash)).expectNext(true).verifyComplete();
        StepVerifier.create(touching.find(issued.token()))
            .assertNext((record) -> assertThat(record.lastActiveAt()).isAfter(created.plusMillis(1100)))
            .verifyComplete();
        StepVerifier.create(touching.touch(SessionTokens.hash(SessionTokens.newToken())))
            .expectNext(false)
            .verifyComplete();
    }

    @Test
    void idleSessionExpiresAndActivityKeepsItAlive() throws InterruptedException {
        SessionStore shortIdle = storeWith(Duration.ofMillis(700), Duration.ofMinutes(1), Duration.ZERO);
        IssuedSession idle = created(shortIdle, session("u-5"));
        IssuedSession active = created(shortIdle, session("u-5"));
        for (int i = 0; i < 4; i++) {
            Thread.sleep(300);
            StepVerifier.create(shortIdle.find(active.token())).expectNextCount(1).verifyComplete();
        }
        StepVerifier.create(shortIdle.find(idle.token())).verifyComplete();
        StepVerifier.create(shortIdle.list("u-5").map(SessionRecord::publicId))
            .expectNext(active.session().publicId())
            .verifyComplete();
    }

    @Test
    void absoluteLifetimeEndsASessionWhateverItsActivity() throws InterruptedException {
        SessionStore shortLife = storeWith(Duration.ofMillis(900), Duration.ofMillis(1200), Duration.ZERO);
        IssuedSession issued = created(shortLife, session("u-6"));
        Thread.sleep(500);
        StepVerifier.create(shortLife.find(issued.token())).expectNextCount(1).verifyComplete();
        Thread.sleep(500);
        StepVerifier.create(shortLife.find(issued.token())).expectNextCount(1).verifyComplete();
        Thread.sleep(300);
        StepVerifier.create(shortLife.find(issued.token())).verifyComplete();
        assertThat(redisSync().exists("tk:session:{" + SessionTokens.hash(issued.token()) + "}")).isZero();
    }

    @Test
    void everyWritePrunesExpiredMembersFromTheIndex() throws InterruptedException {
        SessionStore shortIdle = storeWith(Duration.ofMillis(300), Duration.ofMinutes(1), Duration.ZERO);
        created(shortIdle, session("u-7"));
        created(shortIdle, session("u-7"));
        assertThat(redisSync().zcard("tk:user:{u-7}:sessions")).isEqualTo(2);
        Thread.sleep(400);
        IssuedSession fresh = created(this.store, session("u-7"));
        assertThat(redisSync().zrange("tk:user:{u-7}:sessions", 0, -1)).containsExactly(fresh.session().publicId());
        assertThat(redisSync().pttl("tk:user:{u-7}:sessions")).isGreaterThan(Duration.ofHours(23).toMillis());
    }

    @Test
    void concurrentCreatesOfOneUserAllLand() {
        StepVerifier.create(Flux.range(0, 20).flatMap((i) -> this.store.create(session("u-8")), 20))
            .expectNextCount(20)
            .verifyComplete();
        StepVerifier.create(this.store.list("u-8")).expectNextCount(20).verifyComplete();
        assertThat(redisSync().zcard("tk:user:{u-8}:sessions")).isEqualTo(20);
    }

    @Test
    void revokeByPublicIdOnlyForTheOwnerAndAnnounced() {
        IssuedSession issued = created(this.store, session("u-9"));
        String publicId = issued.session().publicId();
        StepVerifier.create(this.store.revoke("someone-else", publicId, "deleted")).verifyComplete();
        StepVerifier.create(this.store.find(issued.token())).expectNextCount(1).verifyComplete();

        StepVerifier.create(this.revocations.feed().take(Duration.ofSeconds(20)))
            .expectNextMatches((signal) -> signal instanceof RevocationSignal.Subscribed)
            .then(() -> this.store.revoke("u-9", publicId, "deleted").subscribe())
            .assertNext((signal) -> {
                SessionRevoked event = ((RevocationSignal.Revoked) signal).event();
                assertThat(event.userId()).isEqualTo("u-9");
                assertThat(event.sessionIds()).containsExactly(publicId);
                assertThat(event.tokenHashes()).containsExactly(SessionTokens.hash(issued.token()));
                assertThat(event.reason()).isEqualTo("deleted");
            })
            .thenCancel()
            .verify(Duration.ofSeconds(30));
        StepVerifier.create(this.store.find(issued.token())).verifyComplete();
        assertThat(redisSync().exists("tk:session-id:{" + publicId + "}")).isZero();
        assertThat(redisSync().exists("tk:user:{u-9}:sessions")).isZero();
        StepVerifier.create(this.store.revoke("u-9", publicId, "deleted")).verifyComplete();
    }

    @Test
    void revokeAllExceptKeepsOnlyTheNamedSession() throws InterruptedException {
        IssuedSession keep = created(this.store, session("u-10"));
        Thread.sleep(5);
        IssuedSession other1 = created(this.store, session("u-10"));
        Thread.sleep(5);
        IssuedSession other2 = created(this.store, session("u-10"));
        StepVerifier.create(this.store.list("u-10").map(SessionRecord::publicId))
            .expectNext(other2.session().publicId(), other1.session().publicId(), keep.session().publicId())
            .verifyComplete();
        StepVerifier.create(this.store.revokeAllExcept("u-10", keep.session().publicId(), "password_changed"))
            .assertNext((revoked) -> assertThat(revoked).extracting(RevokedSession::publicId)
                .containsExactlyInAnyOrder(other1.session().publicId(), other2.session().publicId()))
            .verifyComplete();
        StepVerifier.create(this.store.find(other1.token())).verifyComplete();
        StepVerifier.create(this.store.find(other2.token())).verifyComplete();
        StepVerifier.create(this.store.find(keep.token())).expectNextCount(1).verifyComplete();
        assertThat(redisSync().zrange("tk:user:{u-10}:sessions", 0, -1)).containsExactly(keep.session().publicId());

        StepVerifier.create(this.store.revokeAll("u-10", "logout_all"))
            .assertNext((revoked) -> assertThat(revoked).hasSize(1))
            .verifyComplete();
        StepVerifier.create(this.store.find(keep.token())).verifyComplete();
        assertThat(dumpKeyspace()).isEmpty();
    }

    @Test
    void updateUserRewritesLiveSessionsAndCreatesNoKeys() throws InterruptedException {
        SessionStore shortIdle = storeWith(Duration.ofMillis(300), Duration.ofMinutes(1), Duration.ZERO);
        IssuedSession dying = created(shortIdle, session("u-11"));
        IssuedSession live = created(this.store, session("u-11"));
        Thread.sleep(400);
        StepVerifier.create(this.store.updateUser("u-11", "Grace", "admin")).expectNext(1L).verifyComplete();
        StepVerifier.create(this.store.find(live.token()))
            .assertNext((record) -> assertThat(record.displayName()).isEqualTo("Grace"))
            .verifyComplete();
        assertThat(redisSync().exists("tk:session:{" + SessionTokens.hash(dying.token()) + "}")).isZero();
    }

    /** Every key name and every value in the keyspace, as text. */
    List<String> dumpKeyspace() {
        List<String> texts = new ArrayList<>();
        RedisCommands<String, String> sync = redisSync();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, ScanArgs.Builder.limit(100));
            for (String key : page.getKeys()) {
                texts.add(key);
                switch (sync.type(key)) {
                    case "string" -> texts.add(sync.get(key));
                    case "hash" -> sync.hgetall(key).forEach((field, value) -> texts.add(field + "=" + value));
                    case "zset" -> texts.addAll(sync.zrange(key, 0, -1));
                    case "set" -> texts.addAll(sync.smembers(key));
                    case "list" -> texts.addAll(sync.lrange(key, 0, -1));
                    case "stream" -> sync.xrange(key, io.lettuce.core.Range.create("-", "+"))
                        .forEach((message) -> texts.add(message.getBody().toString()));
                    default -> texts.add("<" + sync.type(key) + ">");
                }
            }
            cursor = page;
        }
        while (!cursor.isFinished());
        return texts;
    }

    /** The module's auto-configuration on top of the kit's, as a service gets it. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

    }

}
