package io.redkeep.auth.password;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import io.redkeep.auth.AuthProperties;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id hashing off the event loop with bounded concurrency: at most {@code threads}
 * hashes run and {@code queue} wait; any further request fails at once with {@code 503
 * service_unavailable} instead of queueing without limit (a login flood must not take the
 * service's memory or latency with it).
 */
public class PasswordHasher implements DisposableBean {

    private final Argon2PasswordEncoder encoder;

    private final String currentParameters;

    private final Scheduler scheduler;

    private final int capacity;

    private final AtomicInteger inFlight = new AtomicInteger();

    private final String dummyHash;

    public PasswordHasher(AuthProperties.Password properties) {
        this.encoder = new Argon2PasswordEncoder(properties.saltLength(), properties.hashLength(),
                properties.parallelism(), properties.memoryKib(), properties.iterations());
        this.currentParameters = "$argon2id$v=19$m=" + properties.memoryKib() + ",t=" + properties.iterations() + ",p="
                + properties.parallelism() + "$";
        int threads = properties.effectiveThreads();
        this.scheduler = Schedulers.newBoundedElastic(threads, Integer.MAX_VALUE, "argon2", 60, true);
        this.capacity = threads + properties.queue();
        // Verified against for unknown emails so they cost what a wrong password costs.
        this.dummyHash = this.encoder.encode("redkeep-dummy-password-for-timing");
    }

    /** Hashes a password with the current parameters. */
    public Mono<String> hash(CharSequence password) {
        return run(() -> this.encoder.encode(password));
    }

    /** Whether {@code password} matches {@code hash}. */
    public Mono<Boolean> matches(CharSequence password, String hash) {
        return run(() -> this.encoder.matches(password, hash));
    }

    /**
     * Spends one verification's worth of time on a password that has no account, then
     * answers {@code false}.
     */
    public Mono<Boolean> burn(CharSequence password) {
        return run(() -> this.encoder.matches(password, this.dummyHash) && false);
    }

    /** Whether a stored hash was made with other parameters than the current ones. */
    public boolean needsRehash(String hash) {
        return !hash.startsWith(this.currentParameters);
    }

    /** The hash {@link #burn} verifies against; made like every stored hash. */
    String dummyHash() {
        return this.dummyHash;
    }

    /** Hash requests running or waiting right now. */
    public int inFlight() {
        return this.inFlight.get();
    }

    private <T> Mono<T> run(Callable<T> work) {
        return Mono.defer(() -> {
            if (this.inFlight.incrementAndGet() > this.capacity) {
                this.inFlight.decrementAndGet();
                return Mono.error(new ProblemException(ProblemCode.SERVICE_UNAVAILABLE,
                        "Too many password checks in progress; try again shortly"));
            }
            return Mono.fromCallable(work)
                .subscribeOn(this.scheduler)
                .doFinally((signal) -> this.inFlight.decrementAndGet());
        });
    }

    @Override
    public void destroy() {
        this.scheduler.dispose();
    }

}
