package io.redkeep.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.redkeep.defaults.identity.InternalKey;
import io.redkeep.defaults.identity.InternalTokenDecoder;
import io.redkeep.gateway.GatewayApplication;
import io.redkeep.gateway.support.GatewayIntegrationTest;
import io.redkeep.gateway.support.TestBackend;
import io.redkeep.session.IssuedSession;
import io.redkeep.session.NewSession;
import io.redkeep.session.SessionStore;
import io.redkeep.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edge authentication against sessions written by the shared session store: bearer and
 * cookie sessions, the identity services receive, CSRF for cookie sessions only, and
 * revocation refused within a second on two gateway instances.
 */
class EdgeAuthIntegrationTests extends GatewayIntegrationTest {

    static final TestBackend auth = new TestBackend("auth");

    static final TestBackend content = new TestBackend("content");

    @Autowired
    WebTestClient client;

    @Autowired
    SessionStore sessions;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("redkeep.gateway.services.auth.uri", auth::uri);
        registry.add("redkeep.gateway.services.content.uri", content::uri);
    }

    @AfterAll
    static void stopBackends() {
        auth.close();
        content.close();
    }

    @Test
    void apiPathsNeedASessionButLoginAndRegisterDoNot() {
        this.client.get()
            .uri("/api/tasks")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("unauthenticated");
        this.client.get()
            .uri("/api/tasks")
            .header("Authorization", "Bearer not-a-session-token-at-all-but-long-enough-000")
            .exchange()
            .expectStatus()
            .isUnauthorized();
        this.client.post().uri("/api/auth/login").exchange().expectStatus().isOk();
        this.client.post().uri("/api/auth/register").exchange().expectStatus().isOk();
        this.client.get().uri("/ws").exchange().expectStatus().isUnauthorized();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBearerSessionReachesTheServiceAsTheInternalIdentity() {
        IssuedSession session = newSession();
        Map<String, Object> echoed = this.client.get()
            .uri("/api/tasks")
            .header("Authorization", "Bearer " + session.token())
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
        String authorization = ((Map<String, String>) echoed.get("headers")).get("authorization");
        InternalTokenDecoder decoder = new InternalTokenDecoder(InternalKey.of(INTERNAL_KEY), Duration.ofSeconds(5),
                Clock.systemUTC());
        StepVerifier.create(decoder.decode(authorization.substring("Bearer ".length()))).assertNext((jwt) -> {
            assertThat(jwt.getSubject()).isEqualTo(session.session().userId());
            assertThat(jwt.getClaimAsString("sid")).isEqualTo(session.session().publicId());
            assertThat(jwt.getClaimAsString("role")).isEqualTo("user");
            assertThat(jwt.getClaimAsString("name")).isEqualTo("Ada");
        }).verifyComplete();
    }

    @Test
    void cookieSessionsNeedTheCsrfHeaderForUnsafeMethodsAndBearerOnesDoNot() {
        IssuedSession session = newSession();
        String cookies = "rk_session=" + session.token() + "; XSRF-TOKEN=csrf-123";
        this.client.get().uri("/api/tasks").header("Cookie", cookies).exchange().expectStatus().isOk();
        this.client.post()
            .uri("/api/tasks")
            .header("Cookie", cookies)
            .exchange()
            .expectStatus()
            .isForbidden()
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("csrf_failed");
        this.client.post()
            .uri("/api/tasks")
            .header("Cookie", cookies)
            .header("X-XSRF-TOKEN", "csrf-999")
            .exchange()
            .expectStatus()
            .isForbidden();
        this.client.post()
            .uri("/api/tasks")
            .header("Cookie", cookies)
            .header("X-XSRF-TOKEN", "csrf-123")
            .exchange()
            .expectStatus()
            .isOk();
        this.client.post()
            .uri("/api/tasks")
            .header("Authorization", "Bearer " + session.token())
            .exchange()
            .expectStatus()
            .isOk();
        // login is exempt whatever cookies it carries
        this.client.post().uri("/api/auth/login").header("Cookie", cookies).exchange().expectStatus().isOk();
    }

    @Test
    void aRevokedSessionIsRefusedWithinOneSecondOnBothInstances() throws InterruptedException {
        RedisServer redis = RedisServer.shared();
        Map<String, Object> properties = Map.of("server.port", "0", "management.server.port", "0",
                "redkeep.redis.state.nodes", redis.host() + ":" + redis.port(), "redkeep.redis.cache.nodes",
                redis.host() + ":" + redis.port(), "redkeep.security.internal-key", INTERNAL_KEY,
                "redkeep.gateway.rate-limits.deadline", "5s", "redkeep.gateway.services.content.uri", content.uri());
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(GatewayApplication.class)
            .initializers((context) -> context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("second-instance", properties)))
            .run()) {
            System.out.println("second instance routes content to "
                    + second.getEnvironment().getProperty("redkeep.gateway.services.content.uri"));
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            WebTestClient one = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + this.port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
            WebTestClient two = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + secondPort)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
            IssuedSession session = newSession();
            String bearer = "Bearer " + session.token();
            // both instances have the session in their caches now
            one.get().uri("/api/tasks").header("Authorization", bearer).exchange().expectStatus().isOk();
            two.get().uri("/api/tasks").header("Authorization", bearer).exchange().expectStatus().isOk();
            StepVerifier
                .create(this.sessions.revoke(session.session().userId(), session.session().publicId(), "logout"))
                .expectNextCount(1)
                .verifyComplete();
            long revoked = System.nanoTime();
            boolean oneRefuses = false;
            boolean twoRefuses = false;
            while (!(oneRefuses && twoRefuses) && System.nanoTime() - revoked < Duration.ofSeconds(3).toNanos()) {
                oneRefuses = oneRefuses || status(one, bearer) == HttpStatus.UNAUTHORIZED.value();
                twoRefuses = twoRefuses || status(two, bearer) == HttpStatus.UNAUTHORIZED.value();
                Thread.sleep(20);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - revoked);
            System.out.println("revoked session refused by both instances after " + took.toMillis() + " ms");
            assertThat(oneRefuses && twoRefuses).isTrue();
            assertThat(took).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void anAuthenticatedLimitedRequestCostsAtMostTwoRedisRoundTrips() {
        IssuedSession session = newSession();
        String bearer = "Bearer " + session.token();
        RedisServer redis = RedisServer.shared();
        io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create(redis.uri());
        try (var connection = admin.connect()) {
            long before = requestCommands(connection.sync().info("commandstats"));
            for (int i = 0; i < 10; i++) {
                this.client.get().uri("/api/tasks").header("Authorization", bearer).exchange().expectStatus().isOk();
            }
            long used = requestCommands(connection.sync().info("commandstats")) - before;
            System.out
                .println("10 authenticated, rate-limited requests used " + used + " Redis round trips (script calls)");
            // the rate-limit script on every request, the session script only on cache
            // misses
            assertThat(used).isBetween(10L, 20L);
        }
        finally {
            admin.shutdown();
        }
    }

    /**
     * Script calls sent by clients: the gateway's only request-path commands (commands a
     * script runs inside Redis are counted under their own names and are no round trips).
     */
    private static long requestCommands(String commandStats) {
        long calls = 0;
        for (String line : commandStats.split("\\r?\\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")
                    || line.startsWith("cmdstat_script|load:")) {
                int start = line.indexOf("calls=") + "calls=".length();
                calls += Long.parseLong(line.substring(start, line.indexOf(',', start)));
            }
        }
        return calls;
    }

    private static int status(WebTestClient client, String bearer) {
        return client.get()
            .uri("/api/tasks")
            .header("Authorization", bearer)
            .exchange()
            .returnResult(String.class)
            .getStatus()
            .value();
    }

    private IssuedSession newSession() {
        IssuedSession[] issued = new IssuedSession[1];
        StepVerifier
            .create(this.sessions
                .create(new NewSession(UUID.randomUUID().toString(), "user", "Ada", "127.0.0.1", "test")))
            .consumeNextWith((session) -> issued[0] = session)
            .verifyComplete();
        return issued[0];
    }

}
