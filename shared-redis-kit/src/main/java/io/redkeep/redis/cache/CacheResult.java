package io.redkeep.redis.cache;

/**
 * A value from {@link ReactiveCache} and where it came from.
 *
 * @param <T> the value type
 * @param value the value, never {@code null}
 * @param outcome HIT, MISS or BYPASS
 */
public record CacheResult<T>(T value, CacheOutcome outcome) {

}
