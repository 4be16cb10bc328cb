package io.redkeep.analytics;

import java.time.Duration;
import java.util.List;

import io.redkeep.defaults.ServiceBootContract;
import io.redkeep.defaults.identity.InternalTokenIssuer;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service boots with the shared defaults ({@link ServiceBootContract}), on the
 * context the other integration tests share.
 */
class AnalyticsApplicationIntegrationTests extends AnalyticsIntegrationTest implements ServiceBootContract {

    @Override
    public WebTestClient bootClient() {
        return WebTestClient.bindToServer().baseUrl(uri("").toString()).responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Override
    public InternalTokenIssuer bootTokens() {
        return this.tokens;
    }

    @Override
    public Duration healthWait() {
        return Duration.ofSeconds(20);
    }

    @Override
    public List<String> securedPaths() {
        return List.of("/api/analytics/dashboard", "/api/analytics/streak", "/api/trending/tags", "/api/challenges");
    }

}
