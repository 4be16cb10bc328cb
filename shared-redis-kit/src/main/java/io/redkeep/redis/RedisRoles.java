package io.redkeep.redis;

/**
 * The two Redis roles of spec/internal.md as one bean: inject it and pick
 * {@link #state()} for data that must not be lost or {@link #cache()} for data that can
 * be rebuilt.
 */
public interface RedisRoles {

    RedisRoleClient state();

    RedisRoleClient cache();

    /** The key builder carrying {@code redkeep.redis.key-prefix}. */
    RedisKeys keys();

    default RedisRoleClient role(RedisRole role) {
        return (role == RedisRole.STATE) ? state() : cache();
    }

}
