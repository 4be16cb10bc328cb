package io.redkeep.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Guards the guard: the kit's tests only prove non-blocking code if BlockHound is really
 * installed in this module.
 */
class BlockHoundInstalledTests {

    @Test
    void blockingOnANonBlockingThreadFails() {
        StepVerifier.create(Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> {
            try {
                Thread.sleep(1);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        })).verifyError(BlockingOperationError.class);
    }

}
