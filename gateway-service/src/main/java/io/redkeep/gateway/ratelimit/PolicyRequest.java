package io.redkeep.gateway.ratelimit;

/**
 * One policy applied to one request, with the Redis key of the subject it counts.
 *
 * @param policy the policy
 * @param key the full Redis key, e.g. {@code tk:rl:{u:0192...}:search}
 * @param localKey the key's identity for the in-memory fallback
 */
public record PolicyRequest(RateLimitPolicy policy, String key, String localKey) {

    public PolicyRequest(RateLimitPolicy policy, String key) {
        this(policy, key, key);
    }

}
