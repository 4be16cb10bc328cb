package io.redkeep.redis.cache;

/** Where a {@link ReactiveCache} answer came from. */
public enum CacheOutcome {

    /** Served from Redis. */
    HIT,

    /** Loaded (absent, expired, invalidated, or recomputed early) and stored. */
    MISS,

    /** Redis unavailable: loaded directly, nothing read or stored. */
    BYPASS

}
