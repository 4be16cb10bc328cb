package io.redkeep.redis.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.script.RedisScript;
import tools.jackson.databind.ObjectMapper;

/**
 * Creates {@link ReactiveCache}s on the cache role. Inject it and create each cache once
 * (a field), not per request.
 */
public final class ReactiveCaches {

    private final RedisRoles roles;

    private final ObjectMapper mapper;

    private final MeterRegistry registry;

    private final RedisScript generationalGet;

    public ReactiveCaches(RedisRoles roles, ObjectMapper mapper, MeterRegistry registry) {
        this.roles = roles;
        this.mapper = mapper;
        this.registry = registry;
        this.generationalGet = RedisScript.load("kit-cache-get");
    }

    public <T> ReactiveCache<T> create(CacheSpec<T> spec) {
        return new ReactiveCache<>(spec, this.roles.cache(), this.roles.keys(), this.generationalGet, this.mapper,
                this.registry);
    }

}
