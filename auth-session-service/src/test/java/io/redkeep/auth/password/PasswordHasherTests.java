package io.redkeep.auth.password;

import java.time.Duration;

import io.redkeep.auth.AuthProperties;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Argon2id at the OWASP parameters, verification, rehash detection and the bounded pool.
 */
class PasswordHasherTests {

    PasswordHasher hasher;

    @AfterEach
    void close() {
        if (this.hasher != null) {
            this.hasher.destroy();
        }
    }

    static AuthProperties.Password params(int memoryKib, int iterations, int threads, int queue) {
        return new AuthProperties.Password(memoryKib, iterations, 1, 16, 32, threads, queue);
    }

    @Test
    void defaultsAreTheOwaspArgon2idParameters() {
        AuthProperties.Password defaults = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate(AuthProperties.PREFIX, AuthProperties.class)
            .password();
        assertThat(defaults.memoryKib()).isEqualTo(19456);
        assertThat(defaults.iterations()).isEqualTo(2);
        assertThat(defaults.parallelism()).isEqualTo(1);
        this.hasher = new PasswordHasher(defaults);
        StepVerifier.create(this.hasher.hash("correct horse battery"))
            .assertNext((hash) -> assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"))
            .verifyComplete();
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        this.hasher = new PasswordHasher(params(1024, 1, 1, 4));
        StepVerifier
            .create(this.hasher.hash("p\u00e4ssw\u00f6rd \ud83d\udd11 long")
                .flatMap((hash) -> this.hasher.matches("p\u00e4ssw\u00f6rd \ud83d\udd11 long", hash)
                    .zipWith(this.hasher.matches("password", hash))))
            .assertNext((results) -> {
                assertThat(results.getT1()).isTrue();
                assertThat(results.getT2()).isFalse();
            })
            .verifyComplete();
        StepVerifier.create(this.hasher.burn("anything at all")).expectNext(false).verifyComplete();
    }

    @Test
    void hashesWithOtherParametersNeedARehash() {
        PasswordHasher weak = new PasswordHasher(params(1024, 1, 1, 4));
        this.hasher = new PasswordHasher(params(2048, 1, 1, 4));
        StepVerifier.create(weak.hash("old parameters")).assertNext((hash) -> {
            assertThat(this.hasher.needsRehash(hash)).isTrue();
            assertThat(weak.needsRehash(hash)).isFalse();
        }).verifyComplete();
        weak.destroy();
    }

    @Test
    void beyondThreadsAndQueueItAnswersServiceUnavailable() {
        this.hasher = new PasswordHasher(params(8192, 3, 1, 1));
        Mono<String> first = this.hasher.hash("first password");
        Mono<String> second = this.hasher.hash("second password");
        Mono<String> third = this.hasher.hash("third password");
        StepVerifier.create(Mono.zipDelayError(first, second, third))
            .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ProblemException.class,
                    (problem) -> assertThat(problem.getCode()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE)))
            .verify(Duration.ofSeconds(60));
        assertThat(this.hasher.inFlight()).isZero();
    }

    /**
     * Argon2's cost follows from its parameters and lengths, not from the password: as
     * {@code burn} verifies against a dummy hash made like the stored ones, it runs the
     * same Argon2 work as a wrong password. (This test used to time both, and failed on a
     * loaded build machine; Argon2's speed is measured by {@code Argon2Benchmark}.)
     */
    @Test
    void anUnknownEmailCostsWhatAWrongPasswordCosts() {
        this.hasher = new PasswordHasher(params(19456, 2, 1, 4));
        java.util.concurrent.atomic.AtomicReference<String> hash = new java.util.concurrent.atomic.AtomicReference<>();
        StepVerifier.create(this.hasher.hash("the real password")).consumeNextWith(hash::set).verifyComplete();
        assertThat(shape(this.hasher.dummyHash())).isEqualTo(shape(hash.get()))
            .startsWith("argon2id$v=19$m=19456,t=2,p=1$");
        StepVerifier.create(this.hasher.burn("a wrong password")).expectNext(false).verifyComplete();
        StepVerifier.create(this.hasher.burn("redkeep-dummy-password-for-timing")).expectNext(false).verifyComplete();
        assertThat(this.hasher.inFlight()).isZero();
    }

    /** Algorithm, version, parameters and the lengths of salt and hash. */
    static String shape(String hash) {
        String[] parts = hash.split("\\$");
        return parts[1] + "$" + parts[2] + "$" + parts[3] + "$" + parts[4].length() + "$" + parts[5].length();
    }

}
