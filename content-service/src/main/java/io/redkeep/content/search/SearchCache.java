package io.redkeep.content.search;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.redkeep.redis.cache.CacheOutcome;
import io.redkeep.redis.cache.CacheResult;
import io.redkeep.redis.cache.CacheSpec;
import io.redkeep.redis.cache.ReactiveCache;
import io.redkeep.redis.cache.ReactiveCaches;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * Search pages cached per user in the cache role under
 * {@code tk:cache:search:{userId}:<gen>:<queryHash>}. Every committed write bumps the
 * user's generation before the write is answered, so the user's next search misses
 * (read-your-writes) while other users' entries stay. When a bump fails (Redis down) the
 * user is remembered as stale: their searches bypass the cache until a retried bump
 * succeeds, so an entry from before the write is never served once Redis returns.
 */
public class SearchCache implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(SearchCache.class);

    private final ReactiveCache<SearchPage> cache;

    private final Set<String> staleUsers = ConcurrentHashMap.newKeySet();

    private final Duration retryInterval;

    private volatile Disposable retries;

    public SearchCache(ReactiveCaches caches, Duration ttl, double jitter, Duration retryInterval) {
        this.cache = caches.create(CacheSpec.of("search", SearchPage.class, ttl).jitter(jitter).withGenerations());
        this.retryInterval = retryInterval;
    }

    public Mono<CacheResult<SearchPage>> get(String userId, String queryHash, Supplier<Mono<SearchPage>> loader) {
        return Mono.defer(() -> {
            if (this.staleUsers.contains(userId)) {
                return loader.get().map((page) -> new CacheResult<>(page, CacheOutcome.BYPASS));
            }
            return this.cache.get(userId, queryHash, loader);
        });
    }

    /**
     * As {@link #get}, answering the page's JSON: a HIT is the stored text as is, without
     * reading it into a {@link SearchPage} and writing it again.
     */
    public Mono<CacheResult<String>> getJson(String userId, String queryHash, Supplier<Mono<SearchPage>> loader) {
        return Mono.defer(() -> {
            if (this.staleUsers.contains(userId)) {
                return loader.get().map((page) -> new CacheResult<>(this.cache.toJson(page), CacheOutcome.BYPASS));
            }
            return this.cache.getJson(userId, queryHash, loader);
        });
    }

    /** Bumps the user's generation; never fails (a failed bump marks the user stale). */
    public Mono<Void> invalidate(String userId) {
        return this.cache.invalidate(userId).then().onErrorResume((ex) -> {
            logger.debug("Search generation bump failed for a user; bypassing the cache for them until it succeeds",
                    ex);
            this.staleUsers.add(userId);
            return Mono.empty();
        });
    }

    private Mono<Void> retryStale() {
        return Flux.fromIterable(Set.copyOf(this.staleUsers))
            .concatMap((userId) -> this.cache.invalidate(userId)
                .doOnSuccess((generation) -> this.staleUsers.remove(userId))
                .then()
                .onErrorResume((ex) -> Mono.empty()))
            .then();
    }

    @Override
    public void start() {
        this.retries = Flux.interval(this.retryInterval, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap((tick) -> retryStale(), 1)
            .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = this.retries;
        if (current != null) {
            current.dispose();
        }
        this.retries = null;
    }

    @Override
    public boolean isRunning() {
        return this.retries != null;
    }

}
