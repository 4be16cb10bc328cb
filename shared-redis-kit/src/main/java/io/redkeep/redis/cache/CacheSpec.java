package io.redkeep.redis.cache;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;

import tools.jackson.core.type.TypeReference;

/**
 * How one named cache behaves. Keys are
 * {@code <prefix>:cache:<name>:{<owner>}:<generation>:<part>} when generational,
 * {@code <prefix>:cache:<name>:{<owner>}:<part>} otherwise; the generation counter is
 * {@code <prefix>:cache:<name>-gen:{<owner>}}.
 *
 * @param <T> the cached value type
 * @param name the cache name (a key segment and the {@code cache} metric tag)
 * @param type the value type Jackson reads
 * @param ttl time to live of an entry
 * @param jitter fraction of the TTL taken off at random (0 to 0.5), so entries written
 * together do not expire together
 * @param generational whether {@link ReactiveCache#invalidate} bumps a per-owner
 * generation (all of an owner's entries at once) rather than deleting one entry
 * @param beta XFetch eagerness: 1 is the paper's default, 0 disables early recomputation
 */
public record CacheSpec<T>(String name, Type type, Duration ttl, double jitter, boolean generational, double beta,
        boolean generationLast) {

    public CacheSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        if (jitter < 0 || jitter > 0.5) {
            throw new IllegalArgumentException("jitter must be between 0 and 0.5");
        }
        if (beta < 0) {
            throw new IllegalArgumentException("beta must not be negative");
        }
    }

    /** A non-generational cache with a 10% jitter and XFetch beta 1. */
    public static <T> CacheSpec<T> of(String name, Class<T> type, Duration ttl) {
        return new CacheSpec<>(name, type, ttl, 0.1, false, 1.0, false);
    }

    /** As {@link #of(String, Class, Duration)} for generic types. */
    public static <T> CacheSpec<T> of(String name, TypeReference<T> type, Duration ttl) {
        return new CacheSpec<>(name, type.getType(), ttl, 0.1, false, 1.0, false);
    }

    public CacheSpec<T> withGenerations() {
        return new CacheSpec<>(this.name, this.type, this.ttl, this.jitter, true, this.beta, this.generationLast);
    }

    public CacheSpec<T> jitter(double jitter) {
        return new CacheSpec<>(this.name, this.type, this.ttl, jitter, this.generational, this.beta,
                this.generationLast);
    }

    public CacheSpec<T> beta(double beta) {
        return new CacheSpec<>(this.name, this.type, this.ttl, this.jitter, this.generational, beta,
                this.generationLast);
    }

    /**
     * Generational, with the generation as the key's last segment
     * ({@code <prefix>:cache:<name>:{owner}:<part>:<gen>}, as spec/internal.md lays out
     * dashboards) instead of before the part ({@code ...:{owner}:<gen>:<part>}, search).
     */
    public CacheSpec<T> withGenerationsLast() {
        return new CacheSpec<>(this.name, this.type, this.ttl, this.jitter, true, this.beta, true);
    }

}
