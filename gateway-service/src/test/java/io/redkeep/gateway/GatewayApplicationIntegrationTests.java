package io.redkeep.gateway;

import java.time.Duration;

import io.redkeep.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway boots on its own and answers its health probes; BlockHound guards its
 * tests.
 */
class GatewayApplicationIntegrationTests extends GatewayIntegrationTest {

    @Autowired
    WebTestClient client;

    @Test
    void healthIsUp() {
        this.client.get()
            .uri("/actuator/health")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo("UP");
    }

    @Test
    void livenessAndReadinessProbesAreExposed() {
        this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void blockingOnAnEventLoopFailsTheTest() {
        Mono<Void> blocking = Mono.<Void>fromRunnable(() -> sleep(Duration.ofMillis(1)))
            .subscribeOn(Schedulers.parallel());
        StepVerifier.create(blocking).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(5));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
