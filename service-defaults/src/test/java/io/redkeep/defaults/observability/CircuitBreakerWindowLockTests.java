package io.redkeep.defaults.observability;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics;
import io.github.resilience4j.core.metrics.Metrics.Outcome;
import io.github.resilience4j.core.metrics.Snapshot;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A circuit breaker recording a result on an event loop while another thread updates the
 * same sliding window parks briefly on the window's lock; under BlockHound (active in
 * these tests) that park must wait, not throw: a throw inside the breaker's
 * {@code onError} was dropped and left a Redis call that never completed
 * (ServiceDefaultsBlockHoundIntegration).
 */
class CircuitBreakerWindowLockTests {

    @Test
    void recordingWhileTheWindowIsLockedWaitsOnANonBlockingThread() throws Exception {
        FixedSizeSlidingWindowMetrics window = new FixedSizeSlidingWindowMetrics(10);
        Field field = FixedSizeSlidingWindowMetrics.class.getDeclaredField("lock");
        field.setAccessible(true);
        ReentrantLock lock = (ReentrantLock) field.get(window);
        CompletableFuture<Snapshot> recorded;
        lock.lock();
        try {
            recorded = Mono.fromCallable(() -> window.record(1, TimeUnit.MILLISECONDS, Outcome.ERROR))
                .subscribeOn(Schedulers.parallel())
                .toFuture();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!lock.hasQueuedThreads() && !recorded.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertThat(recorded).as("still waiting for the lock, not failed").isNotDone();
            assertThat(lock.hasQueuedThreads()).isTrue();
        }
        finally {
            lock.unlock();
        }
        assertThat(recorded.get(5, TimeUnit.SECONDS).getTotalNumberOfCalls()).isEqualTo(1);
    }

}
