package io.redkeep.defaults;

import java.time.Duration;
import java.util.List;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service shows once booted with the shared defaults: public health, readiness
 * and Prometheus, problem+json 401 without an internal token, problem+json 404 with one.
 * <p>
 * An interface rather than an abstract class so that a service's boot test can keep the
 * base class that starts its servers and shares its Spring context with the other tests.
 * A service's test implements the two accessors and adds what is specific to it.
 */
public interface ServiceBootContract {

    /** The caller every contract request with a token is made as. */
    Caller USER = Caller.user("0192f1c8-0000-7000-8000-000000000001", "s-1", "user", "Ada", "203.0.113.7");

    /**
     * A client of the running service that sends no token.
     * @return the client
     */
    WebTestClient bootClient();

    /**
     * The service's issuer of internal tokens.
     * @return the issuer
     */
    InternalTokenIssuer bootTokens();

    /**
     * How long the health probe may take to turn {@code UP}; services that connect lazily
     * to their servers need a moment on a loaded machine.
     * @return the wait, zero for a single probe
     */
    default Duration healthWait() {
        return Duration.ZERO;
    }

    /**
     * Paths that need a token; each must answer 401 problem+json without one.
     * @return the paths
     */
    default List<String> securedPaths() {
        return List.of("/api/anything");
    }

    /**
     * A client that sends a fresh internal token for {@link #USER}.
     * @return the client
     */
    default WebTestClient userClient() {
        String token = bootTokens().issue(USER);
        return bootClient().mutate().defaultHeaders((headers) -> headers.setBearerAuth(token)).build();
    }

    @Test
    default void healthAndPrometheusArePublic() {
        awaitHealthy();
        bootClient().get()
            .uri("/actuator/health")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo("UP");
        bootClient().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        bootClient().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    default void anyOtherPathWithoutTokenIs401Problem() {
        for (String path : securedPaths()) {
            bootClient().get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthenticated");
        }
    }

    @Test
    default void unknownPathWithValidTokenIs404Problem() {
        userClient().get()
            .uri("/api/does-not-exist")
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("not_found")
            .jsonPath("$.traceId")
            .isNotEmpty();
    }

    /**
     * Polls health until it answers 200 or {@link #healthWait()} has passed; the
     * asserting probe follows, so a service that never turns healthy still fails.
     */
    private void awaitHealthy() {
        long deadline = System.nanoTime() + healthWait().toNanos();
        while (System.nanoTime() < deadline && !healthy()) {
            try {
                Thread.sleep(250);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean healthy() {
        return bootClient().get()
            .uri("/actuator/health")
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getStatus()
            .value() == 200;
    }

}
