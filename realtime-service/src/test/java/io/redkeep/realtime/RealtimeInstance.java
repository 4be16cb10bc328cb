package io.redkeep.realtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One realtime-service instance started in the test JVM on a free port, as the runner
 * starts it, so tests can run two side by side on the same Redis and PostgreSQL.
 */
public final class RealtimeInstance implements AutoCloseable {

    public static final String INTERNAL_KEY = "realtime-service-tests-internal-key-0123456789";

    private final ConfigurableApplicationContext context;

    private RealtimeInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static RealtimeInstance start(Map<String, String> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("redkeep.security.internal-key", INTERNAL_KEY);
        all.put("redkeep.realtime.outbox.interval", "200ms");
        all.put("redkeep.realtime.database-timeout", "5s");
        all.put("management.endpoint.health.show-details", "always");
        // Two instances share one console: keep it to what explains a failure.
        all.put("logging.level.io.redkeep.access", "WARN");
        all.putAll(properties);
        // Command-line arguments: they win over application.yml, as the environment does
        // in production.
        String[] args = all.entrySet()
            .stream()
            .map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
            .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RealtimeApplication.class).run(args);
        return new RealtimeInstance(context);
    }

    public ConfigurableApplicationContext context() {
        return this.context;
    }

    public int port() {
        return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
    }

    public String token(UUID user) {
        return this.context.getBean(InternalTokenIssuer.class)
            .issue(Caller.user(user.toString(), "session-1", "user", "User " + user.toString().substring(0, 8),
                    "127.0.0.1"));
    }

    public WebTestClient anonymousClient() {
        return WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port())
            .responseTimeout(Duration.ofSeconds(20))
            .build();
    }

    public WebTestClient as(UUID user) {
        return WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port())
            .responseTimeout(Duration.ofSeconds(20))
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token(user))
            .build();
    }

    public WsClient connect(UUID user) {
        return WsClient.connect(port(), token(user));
    }

    @Override
    public void close() {
        this.context.close();
    }

}
