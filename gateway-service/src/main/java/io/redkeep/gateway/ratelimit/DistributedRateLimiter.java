package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.redkeep.redis.RedisRoleClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The gateway's rate limiter: Redis decides, within a deadline and behind a circuit
 * breaker; when it cannot, fail-open policies are decided by the instance's
 * {@link LocalRateLimiter} and fail-closed ones make the request
 * {@link RateLimitDecision.Verdict#UNAVAILABLE unavailable}.
 */
public class DistributedRateLimiter {

    private static final Logger logger = LoggerFactory.getLogger(DistributedRateLimiter.class);

    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RedisRateLimiter redis;

    private final LocalRateLimiter local;

    private final CircuitBreaker breaker;

    private final Duration deadline;

    private final MeterRegistry meters;

    private final Timer redisLatency;

    private final Map<DecisionKey, Counter> decisions = new ConcurrentHashMap<>();

    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    DistributedRateLimiter(RedisRateLimiter redis, LocalRateLimiter local, CircuitBreaker breaker, Duration deadline,
            MeterRegistry meters) {
        this.redis = redis;
        this.local = local;
        this.breaker = breaker;
        this.deadline = deadline;
        this.meters = meters;
        this.redisLatency = Timer.builder("redkeep.ratelimit.redis")
            .description("Time Redis took to decide a request's policies")
            .publishPercentileHistogram()
            .register(meters);
    }

    /**
     * The limiter of {@code properties} on a Redis role: its deadline, breaker and
     * fallback (also used by the bench module to measure the decision path alone).
     */
    public static DistributedRateLimiter create(RateLimitProperties properties, RedisRoleClient redis,
            MeterRegistry meters) {
        RateLimitProperties.Breaker breaker = properties.breaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
            .failureRateThreshold(breaker.failureRateThreshold())
            .slidingWindowSize(breaker.slidingWindowSize())
            .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
            .waitDurationInOpenState(breaker.waitInOpenState())
            .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
            .build();
        return new DistributedRateLimiter(new RedisRateLimiter(redis),
                new LocalRateLimiter(properties.expectedInstances()), CircuitBreaker.of("redkeep-ratelimit", config),
                properties.deadline(), meters);
    }

    /**
     * Decides a request's policies; never fails, never waits longer than the deadline.
     */
    public Mono<RateLimitDecision> decide(List<PolicyRequest> requests) {
        if (requests.isEmpty()) {
            return Mono.just(RateLimitDecision.NONE);
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return this.redis.decide(requests)
                .timeout(this.deadline)
                .transformDeferred(CircuitBreakerOperator.of(this.breaker))
                .doOnNext((outcomes) -> this.redisLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                .map((outcomes) -> record(new RateLimitDecision(verdict(outcomes), outcomes, false)))
                .onErrorResume((ex) -> Mono.fromSupplier(() -> record(fallback(requests, ex))));
        });
    }

    /** The state of the breaker in front of Redis (closed means Redis is asked). */
    public CircuitBreaker.State breakerState() {
        return this.breaker.getState();
    }

    /** The breaker in front of Redis, for metrics and health. */
    public CircuitBreaker breaker() {
        return this.breaker;
    }

    private RateLimitDecision fallback(List<PolicyRequest> requests, Throwable cause) {
        warn(cause);
        boolean closed = requests.stream().anyMatch((r) -> r.policy().failureMode() == FailureMode.CLOSED);
        for (PolicyRequest request : requests) {
            Counter.builder("redkeep.ratelimit.fallback")
                .description("Decisions Redis could not make in time, by policy")
                .tag("policy", request.policy().name())
                .tag("mode", request.policy().failureMode().name().toLowerCase(Locale.ROOT))
                .register(this.meters)
                .increment();
        }
        if (closed) {
            requests.stream()
                .filter((r) -> r.policy().failureMode() == FailureMode.CLOSED)
                .forEach((r) -> count(r.policy().name(), "unavailable", "fallback"));
            return new RateLimitDecision(RateLimitDecision.Verdict.UNAVAILABLE, List.of(), true);
        }
        List<PolicyOutcome> outcomes = this.local.decide(requests);
        return new RateLimitDecision(verdict(outcomes), outcomes, true);
    }

    private void warn(Throwable cause) {
        long now = System.nanoTime();
        long last = this.lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && this.lastWarning.compareAndSet(last, now)) {
            logger.warn("Rate limits fall back (open policies local, closed policies refused): Redis could not "
                    + "decide within {}: {}", this.deadline, cause.toString());
        }
    }

    private RateLimitDecision record(RateLimitDecision decision) {
        String source = decision.fallback() ? "fallback" : "redis";
        List<PolicyOutcome> outcomes = decision.outcomes();
        for (int i = 0; i < outcomes.size(); i++) {
            PolicyOutcome outcome = outcomes.get(i);
            count(outcome.policy().name(), outcome.admitted() ? "admitted" : "rejected", source);
        }
        return decision;
    }

    private void count(String policy, String decision, String source) {
        // registered once per combination: building and registering a meter on every
        // request is the costliest part of the decision outside Redis
        this.decisions
            .computeIfAbsent(new DecisionKey(policy, decision, source),
                    (key) -> Counter.builder("redkeep.ratelimit.decisions")
                        .description("Rate-limit decisions by policy, outcome and deciding source")
                        .tag("policy", key.policy())
                        .tag("decision", key.decision())
                        .tag("source", key.source())
                        .register(this.meters))
            .increment();
    }

    private static RateLimitDecision.Verdict verdict(List<PolicyOutcome> outcomes) {
        for (int i = 0; i < outcomes.size(); i++) {
            if (!outcomes.get(i).admitted()) {
                return RateLimitDecision.Verdict.REJECTED;
            }
        }
        return RateLimitDecision.Verdict.ADMITTED;
    }

    private record DecisionKey(String policy, String decision, String source) {

    }

}
