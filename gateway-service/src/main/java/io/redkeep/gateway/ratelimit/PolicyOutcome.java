package io.redkeep.gateway.ratelimit;

import java.time.Duration;

/**
 * What one policy decided for one request.
 *
 * @param policy the policy
 * @param admitted whether this policy alone admits the request
 * @param remaining requests (tokens) left after this request
 * @param reset time until the quota is back (for a rejected request: until it would be
 * admitted)
 * @param retryAfter for a rejected request, how long until it would be admitted; zero
 * otherwise
 */
public record PolicyOutcome(RateLimitPolicy policy, boolean admitted, long remaining, Duration reset,
        Duration retryAfter) {

}
