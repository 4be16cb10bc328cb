package io.redkeep.redis;

/**
 * The two logical Redis deployments a service talks to (spec/internal.md, "Redis roles").
 */
public enum RedisRole {

    /**
     * Sessions, counters, leaderboards, streams: must not lose data (noeviction, AOF,
     * Sentinel).
     */
    STATE,

    /**
     * Derived data that can be rebuilt from PostgreSQL: every key has a TTL
     * (allkeys-lru).
     */
    CACHE

}
