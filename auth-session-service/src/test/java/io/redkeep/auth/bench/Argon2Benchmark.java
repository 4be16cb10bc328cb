package io.redkeep.auth.bench;

import java.time.Duration;

import io.redkeep.auth.AuthProperties;
import io.redkeep.auth.password.PasswordHasher;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Argon2id hashes per second at the production parameters (m=19456 KiB, t=2, p=1): one
 * thread (per core) and one per available processor. Not part of the build: run it with
 * {@code ./mvnw -pl auth-session-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=Argon2Benchmark -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
class Argon2Benchmark {

    @Test
    void hashesPerSecond() {
        AuthProperties.Password defaults = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate(AuthProperties.PREFIX, AuthProperties.class)
            .password();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] { 1, cores }) {
            PasswordHasher hasher = new PasswordHasher(
                    new AuthProperties.Password(defaults.memoryKib(), defaults.iterations(), defaults.parallelism(),
                            defaults.saltLength(), defaults.hashLength(), threads, 1000));
            run(hasher, 5 * threads);
            int count = 20 * threads;
            long start = System.nanoTime();
            run(hasher, count);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("BENCH argon2id m=%d t=%d p=%d threads=%d: %.1f hashes/s total, %.1f per thread%n",
                    defaults.memoryKib(), defaults.iterations(), defaults.parallelism(), threads, count / seconds,
                    count / seconds / threads);
            hasher.destroy();
        }
    }

    static void run(PasswordHasher hasher, int count) {
        Flux.range(0, count).flatMap((i) -> hasher.hash("benchmark password " + i)).blockLast(Duration.ofMinutes(5));
    }

}
