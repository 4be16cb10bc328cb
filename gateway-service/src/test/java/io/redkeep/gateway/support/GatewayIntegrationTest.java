package io.redkeep.gateway.support;

import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that boot the whole gateway on a random port against the shared test
 * Redis (both roles), with a test internal key and a rate-limit deadline that tolerates a
 * loaded machine.
 */
@Tag(TestTags.REDIS)
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayIntegrationTest {

    public static final String INTERNAL_KEY = "test-internal-key-of-at-least-32-bytes!!";

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        RedisServer redis = RedisServer.shared();
        registry.add("redkeep.redis.state.nodes", () -> redis.host() + ":" + redis.port());
        registry.add("redkeep.redis.cache.nodes", () -> redis.host() + ":" + redis.port());
        registry.add("redkeep.security.internal-key", () -> INTERNAL_KEY);
        // these tests are about behaviour, not deadlines (the limiter's own tests hold it
        // to
        // 50 ms against a paused Redis): a loaded build machine must not turn them into
        // fallback decisions
        registry.add("redkeep.gateway.rate-limits.deadline", () -> "5s");
    }

}
