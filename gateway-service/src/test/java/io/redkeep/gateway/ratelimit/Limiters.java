package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.redkeep.redis.RedisRoles;

/**
 * Builds limiters and policies for tests the way the auto-configuration does.
 */
final class Limiters {

    private Limiters() {
    }

    static DistributedRateLimiter limiter(RedisRoles roles, Duration deadline, int expectedInstances,
            Duration waitInOpenState, MeterRegistry meters) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
            .failureRateThreshold(50)
            .slidingWindowSize(10)
            .minimumNumberOfCalls(5)
            .waitDurationInOpenState(waitInOpenState)
            .permittedNumberOfCallsInHalfOpenState(1)
            .build();
        return new DistributedRateLimiter(new RedisRateLimiter(roles.state()), new LocalRateLimiter(expectedInstances),
                CircuitBreaker.of("test", config), deadline, meters);
    }

    static RateLimitPolicy policy(String name, Algorithm algorithm, int limit, Duration window, Integer burst) {
        return policy(name, algorithm, limit, window, burst, FailureMode.OPEN);
    }

    static RateLimitPolicy policy(String name, Algorithm algorithm, int limit, Duration window, Integer burst,
            FailureMode failureMode) {
        return RateLimitPolicy.of(name, new RateLimitProperties.Policy(algorithm, limit, window, burst, null,
                List.of(KeyPart.USER), 1, failureMode, true, List.of("/**")));
    }

}
