package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate-limit configuration (spec/rate-limits.md): named policies bound to routes, the
 * Redis deadline and circuit breaker, and the local fallback's share of each limit.
 *
 * @param enabled whether the gateway limits requests at all
 * @param deadline longest wait for Redis before a policy falls back or refuses
 * @param expectedInstances gateway instances sharing the load: a fallback limiter admits
 * {@code limit / expectedInstances}
 * @param apiKeyHeader request header read by {@link KeyPart#API_KEY}
 * @param breaker circuit breaker in front of Redis
 * @param policies policies by name
 */
@ConfigurationProperties(RateLimitProperties.PREFIX)
@Validated
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("50ms") @NotNull Duration deadline, @DefaultValue("1") @Min(1) int expectedInstances,
        @DefaultValue("X-Api-Key") @NotEmpty String apiKeyHeader, @DefaultValue @Valid Breaker breaker,
        Map<String, @Valid Policy> policies) {

    public static final String PREFIX = "redkeep.gateway.rate-limits";

    public RateLimitProperties {
        policies = (policies != null) ? Map.copyOf(policies) : Map.of();
    }

    /**
     * One named policy.
     *
     * @param algorithm how requests are counted
     * @param limit requests per window (for rate-based algorithms: the refill per window)
     * @param window the window (for rate-based algorithms: the refill period of
     * {@code limit})
     * @param burst capacity of a token bucket or GCRA, default {@code limit}
     * @param rate refill in tokens per second, overriding {@code limit / window} for
     * rate-based algorithms
     * @param key what the policy counts by, first part as hash tag
     * @param cost tokens one request takes
     * @param failureMode open (local fallback) or closed (503) when Redis fails
     * @param headers whether responses carry this policy in the draft-10 headers
     * @param routes where the policy applies: {@code "GET /api/search"} or
     * {@code "/api/**"} (any method), Spring path patterns
     */
    public record Policy(@NotNull Algorithm algorithm, @Min(1) int limit, @NotNull Duration window,
            @Positive Integer burst, @Positive Double rate, @DefaultValue("user-or-ip") @NotEmpty List<KeyPart> key,
            @DefaultValue("1") @Min(1) int cost, @DefaultValue("open") @NotNull FailureMode failureMode,
            @DefaultValue("true") boolean headers, @DefaultValue @NotNull List<String> routes) {

    }

    /**
     * The limiter's own circuit breaker: once open, requests do not wait for Redis at
     * all.
     *
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumNumberOfCalls calls needed before the rate counts
     * @param waitInOpenState how long the breaker stays open before probing again
     * @param permittedCallsInHalfOpenState probe calls while half open
     */
    public record Breaker(@DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("20") @Min(1) int slidingWindowSize, @DefaultValue("5") @Min(1) int minimumNumberOfCalls,
            @DefaultValue("5s") @NotNull Duration waitInOpenState,
            @DefaultValue("3") @Min(1) int permittedCallsInHalfOpenState) {

    }

}
