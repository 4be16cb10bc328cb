package io.redkeep.analytics.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.redkeep.analytics.streak.Streaks;
import io.redkeep.analytics.web.Timestamps;
import io.redkeep.redis.cache.CacheResult;
import io.redkeep.redis.cache.CacheSpec;
import io.redkeep.redis.cache.ReactiveCache;
import io.redkeep.redis.cache.ReactiveCaches;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Dashboards computed from PostgreSQL and cached per user in the cache role
 * ({@code tk:cache:analytics:{userId}:dashboard:<range>:<gen>}); every event of the user
 * bumps the generation, so the next read recomputes.
 */
public class Dashboards {

    private static final Log logger = LogFactory.getLog(Dashboards.class);

    private final DashboardStore store;

    private final Streaks streaks;

    private final ReactiveCache<Dashboard> cache;

    private final Clock clock;

    public Dashboards(DashboardStore store, Streaks streaks, ReactiveCaches caches, Duration ttl, Clock clock) {
        this.store = store;
        this.streaks = streaks;
        this.cache = caches.create(CacheSpec.of("analytics", Dashboard.class, ttl).withGenerationsLast());
        this.clock = clock;
    }

    public Mono<CacheResult<Dashboard>> get(UUID userId, DashboardRange range) {
        return this.cache.get(userId.toString(), "dashboard:" + range.value(), () -> compute(userId, range));
    }

    /**
     * Makes the user's next dashboard read recompute. A failed bump (cache role down) is
     * logged: the entry then lives out its TTL at most.
     */
    public Mono<Void> invalidate(UUID userId) {
        return this.cache.invalidate(userId.toString()).then().onErrorResume((ex) -> {
            logger.debug("Dashboard generation bump failed", ex);
            return Mono.empty();
        });
    }

    Mono<Dashboard> compute(UUID userId, DashboardRange range) {
        LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
        LocalDate from = today.minusDays(range.days() - 1L);
        return Mono
            .zip(this.store.totals(userId), this.store.perDay(userId, from, today), this.store.tasks(userId),
                    this.streaks.compute(userId), this.store.topTags(userId))
            .map((parts) -> new Dashboard(range.value(), from.toString(), today.toString(), parts.getT1(),
                    parts.getT2(), parts.getT3(), parts.getT4(), parts.getT5(),
                    Timestamps.format(this.clock.instant())));
    }

}
