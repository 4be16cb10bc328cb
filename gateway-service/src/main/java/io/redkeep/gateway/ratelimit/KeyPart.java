package io.redkeep.gateway.ratelimit;

/**
 * What a policy counts by. A policy's {@code key} is a list of parts; the first one
 * becomes the hash tag of the Redis key, so requests of one subject share a Cluster slot.
 */
public enum KeyPart {

    /** The authenticated user; the policy does not apply to anonymous requests. */
    USER,

    /** The client IP as resolved from the peer and trusted proxies. */
    IP,

    /** The user when authenticated, else the client IP. */
    USER_OR_IP,

    /** The API key header (hashed); the policy does not apply without one. */
    API_KEY,

    /** The route pattern that bound the policy: one counter shared by every client. */
    ROUTE

}
