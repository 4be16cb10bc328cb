package io.redkeep.redis;

/**
 * A Redis role could not answer in time: its circuit breaker is open, the deadline
 * passed, or the connection failed. Callers map it to their fallback (BYPASS, local
 * limiter) or to {@code 503 service_unavailable}.
 */
public class RedisUnavailableException extends RuntimeException {

    private final RedisRole role;

    public RedisUnavailableException(RedisRole role, String message, Throwable cause) {
        super(message, cause);
        this.role = role;
    }

    public RedisRole role() {
        return this.role;
    }

}
