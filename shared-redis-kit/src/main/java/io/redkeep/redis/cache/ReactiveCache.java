package io.redkeep.redis.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.script.RedisScript;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

/**
 * Get-or-load on the cache role. A HIT is one round trip; a miss loads once per key per
 * instance (single-flight) and stores the value with a jittered TTL; XFetch refreshes hot
 * entries shortly before they expire so instances do not stampede; invalidation bumps a
 * per-owner generation instead of deleting keys. Loader errors are passed on and never
 * stored. When Redis is unavailable (breaker open, or a call fails) the loader answers
 * directly: BYPASS, without waiting for a timeout once the breaker is open.
 *
 * @param <T> the cached value type
 */
public final class ReactiveCache<T> {

    private static final Log logger = LogFactory.getLog(ReactiveCache.class);

    private static final Duration GENERATION_TTL = Duration.ofDays(1);

    private final CacheSpec<T> spec;

    private final RedisRoleClient role;

    private final RedisKeys keys;

    private final RedisScript generationalGet;

    private final ObjectMapper mapper;

    private final JavaType type;

    private final ConcurrentMap<String, Mono<Loaded<T>>> flights = new ConcurrentHashMap<>();

    private final Counter hits;

    private final Counter misses;

    private final Counter bypasses;

    private final Timer loads;

    ReactiveCache(CacheSpec<T> spec, RedisRoleClient role, RedisKeys keys, RedisScript generationalGet,
            ObjectMapper mapper, MeterRegistry registry) {
        this.spec = spec;
        this.role = role;
        this.keys = keys;
        this.generationalGet = generationalGet;
        this.mapper = mapper;
        this.type = mapper.constructType(spec.type());
        this.hits = outcomeCounter(registry, CacheOutcome.HIT);
        this.misses = outcomeCounter(registry, CacheOutcome.MISS);
        this.bypasses = outcomeCounter(registry, CacheOutcome.BYPASS);
        this.loads = Timer.builder("redkeep.cache.load")
            .description("Time the loader of a cache took")
            .tag("cache", spec.name())
            .register(registry);
    }

    private Counter outcomeCounter(MeterRegistry registry, CacheOutcome outcome) {
        return Counter.builder("redkeep.cache.requests")
            .description("Cache lookups by outcome")
            .tag("cache", this.spec.name())
            .tag("result", outcome.name().toLowerCase(java.util.Locale.ROOT))
            .register(registry);
    }

    public CacheSpec<T> spec() {
        return this.spec;
    }

    /**
     * The value of {@code part} for {@code owner}: from Redis, or from {@code loader}
     * (stored afterwards). {@code owner} must be a validated id; {@code part} a literal
     * or a hash (see {@link RedisKeys#sha256Hex}). Empty when the loader is empty.
     */
    public Mono<CacheResult<T>> get(String owner, String part, Supplier<Mono<T>> loader) {
        return lookup(owner, part, loader, this::decode, Loaded::value, Function.identity());
    }

    /**
     * As {@link #get}, but answers the value's JSON as stored in Redis: a HIT returns the
     * stored text without reading it into {@code T} and writing it again, a MISS the text
     * it stored (serialized once). For serving a cached value as a response body. The
     * stored text is not checked against {@code T}: a change of the value's JSON shape
     * needs a new cache name (or a generation bump) so old entries are not served.
     */
    public Mono<CacheResult<String>> getJson(String owner, String part, Supplier<Mono<T>> loader) {
        return lookup(owner, part, loader, Function.identity(), Loaded::json, this::toJson);
    }

    /**
     * Get-or-load: {@code onHit} turns a stored JSON text into the answer ({@code null}:
     * unreadable, reload), {@code onLoad} a loaded value (with its stored text), and
     * {@code onBypass} a value loaded without Redis.
     */
    private <R> Mono<CacheResult<R>> lookup(String owner, String part, Supplier<Mono<T>> loader,
            Function<String, R> onHit, Function<Loaded<T>, R> onLoad, Function<T, R> onBypass) {
        return Mono.defer(() -> {
            if (!this.role.available()) {
                return bypass(loader, onBypass);
            }
            return read(owner, part).flatMap((read) -> {
                CacheEntry entry = (read.raw() != null) ? CacheEntry.decode(read.raw()) : null;
                if (entry != null && !entry.shouldRecompute(System.currentTimeMillis(), this.spec.beta())) {
                    R value = onHit.apply(entry.json());
                    if (value != null) {
                        this.hits.increment();
                        return Mono.just(new CacheResult<>(value, CacheOutcome.HIT));
                    }
                }
                return loadOnce(read.key(), loader)
                    .map((loaded) -> new CacheResult<>(onLoad.apply(loaded), CacheOutcome.MISS));
            }).onErrorResume(RedisFailure.class, (ex) -> bypass(loader, onBypass));
        });
    }

    /**
     * Invalidates {@code owner}'s entries: bumps the generation (generational caches), so
     * every later {@link #get} of that owner misses; non-generational caches cannot
     * invalidate by owner, use {@link #evict}. Emits the new generation.
     */
    public Mono<Long> invalidate(String owner) {
        if (!this.spec.generational()) {
            return Mono.error(new IllegalStateException("cache '" + this.spec.name() + "' is not generational"));
        }
        String generationKey = generationKey(owner);
        long ttlMillis = Math.max(GENERATION_TTL.toMillis(), this.spec.ttl().toMillis() * 2);
        return this.role.mono((commands) -> commands.incr(generationKey)
            .flatMap((generation) -> commands.pexpire(generationKey, ttlMillis).thenReturn(generation)));
    }

    /** Deletes one entry of a non-generational cache. */
    public Mono<Boolean> evict(String owner, String part) {
        String key = entryKey(owner, null, part);
        return this.role.mono((commands) -> commands.del(key)).map((deleted) -> deleted > 0);
    }

    private Mono<Read> read(String owner, String part) {
        if (!this.spec.generational()) {
            String key = entryKey(owner, null, part);
            return this.role.mono((commands) -> commands.get(key))
                .map((raw) -> new Read(key, raw))
                .defaultIfEmpty(new Read(key, null))
                .onErrorMap(RedisFailure::new);
        }
        String prefix = this.keys.key("cache").part(this.spec.name()).tag(owner).build() + ":";
        String before = this.spec.generationLast() ? prefix + part + ":" : prefix;
        String after = this.spec.generationLast() ? "" : ":" + part;
        return this.generationalGet
            .<String>mono(this.role, ScriptOutputType.VALUE, List.of(generationKey(owner)), before, after)
            .map((reply) -> {
                int bar = reply.indexOf('|');
                String generation = reply.substring(0, bar);
                String raw = (bar == reply.length() - 1) ? null : reply.substring(bar + 1);
                return new Read(entryKey(owner, generation, part), raw);
            })
            .onErrorMap(RedisFailure::new);
    }

    private Mono<Loaded<T>> loadOnce(String key, Supplier<Mono<T>> loader) {
        return Mono.defer(() -> {
            @SuppressWarnings("unchecked")
            Mono<Loaded<T>>[] created = new Mono[1];
            return this.flights.computeIfAbsent(key, (k) -> {
                created[0] = loadAndStore(k, loader).doFinally((signal) -> this.flights.remove(k, created[0])).cache();
                return created[0];
            });
        });
    }

    private Mono<Loaded<T>> loadAndStore(String key, Supplier<Mono<T>> loader) {
        long started = System.nanoTime();
        return timedLoad(loader).flatMap((value) -> {
            long computeMillis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            long ttlMillis = jitteredTtlMillis();
            this.misses.increment();
            String json;
            try {
                json = this.mapper.writeValueAsString(value);
            }
            catch (RuntimeException ex) {
                logger.warn("Cannot serialize a value of cache '" + this.spec.name() + "'", ex);
                return Mono.just(new Loaded<>(value, null));
            }
            String encoded = new CacheEntry(System.currentTimeMillis() + ttlMillis, computeMillis, json).encode();
            Loaded<T> loaded = new Loaded<>(value, json);
            // A failed store still answers with the loaded value: the cache is an
            // optimisation.
            return this.role.mono((commands) -> commands.set(key, encoded, SetArgs.Builder.px(ttlMillis)))
                .thenReturn(loaded)
                .onErrorReturn(loaded);
        });
    }

    private <R> Mono<CacheResult<R>> bypass(Supplier<Mono<T>> loader, Function<T, R> onBypass) {
        return timedLoad(loader).map((value) -> {
            this.bypasses.increment();
            return new CacheResult<>(onBypass.apply(value), CacheOutcome.BYPASS);
        });
    }

    private Mono<T> timedLoad(Supplier<Mono<T>> loader) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return loader.get()
                .doOnTerminate(() -> this.loads.record(System.nanoTime() - started,
                        java.util.concurrent.TimeUnit.NANOSECONDS));
        });
    }

    private T decode(String json) {
        try {
            return this.mapper.readValue(json, this.type);
        }
        catch (RuntimeException ex) {
            // A value written by an older version of the type: reload it.
            logger.debug("Cannot read an entry of cache '" + this.spec.name() + "'; reloading", ex);
            return null;
        }
    }

    /** The JSON this cache stores (and {@link #getJson} answers) for {@code value}. */
    public String toJson(T value) {
        return this.mapper.writeValueAsString(value);
    }

    private long jitteredTtlMillis() {
        long ttl = this.spec.ttl().toMillis();
        long spread = (long) (ttl * this.spec.jitter());
        return ttl - ((spread > 0) ? ThreadLocalRandom.current().nextLong(spread + 1) : 0);
    }

    private String entryKey(String owner, String generation, String part) {
        RedisKeys.Builder builder = this.keys.key("cache").part(this.spec.name()).tag(owner);
        if (generation == null) {
            return builder.part(part).build();
        }
        return this.spec.generationLast() ? builder.part(part).part(generation).build()
                : builder.part(generation).part(part).build();
    }

    private String generationKey(String owner) {
        return this.keys.key("cache").part(this.spec.name() + "-gen").tag(owner).build();
    }

    private record Read(String key, String raw) {

    }

    /**
     * A loaded value and its JSON as stored ({@code null} when it could not be
     * serialized).
     */
    private record Loaded<T>(T value, String json) {

        @Override
        public String json() {
            if (this.json == null) {
                throw new IllegalStateException("the loaded value could not be serialized");
            }
            return this.json;
        }

    }

    /** A Redis failure while reading: answer from the loader instead. */
    private static final class RedisFailure extends RuntimeException {

        RedisFailure(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }

    }

}
