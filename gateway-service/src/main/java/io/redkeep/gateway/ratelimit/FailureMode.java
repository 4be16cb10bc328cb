package io.redkeep.gateway.ratelimit;

/**
 * What a policy does when Redis cannot decide within the deadline.
 */
public enum FailureMode {

    /**
     * Decide with an in-memory limiter per instance, limit divided by the expected
     * instances.
     */
    OPEN,

    /** Refuse with {@code 503 service_unavailable}. */
    CLOSED

}
