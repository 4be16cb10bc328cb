package io.redkeep.analytics.trending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.cache.CacheResult;
import io.redkeep.redis.cache.CacheSpec;
import io.redkeep.redis.cache.ReactiveCache;
import io.redkeep.redis.cache.ReactiveCaches;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Trending tags: one sorted set per UTC hour ({@code tk:trending:tags:<yyyyMMddHH>}, kept
 * 8 days) of tag by uses, written from the {@code tag_usage} rollup with {@code ZADD GT}
 * (uses only grow, so replays never lower a score). A read sums the window's buckets with
 * ZUNION and keeps tags used by at least {@value #MIN_DISTINCT_USERS} distinct users
 * (exact, from the rollup); the answer is cached briefly.
 */
public class TrendingTags {

    static final int MIN_DISTINCT_USERS = 3;

    static final Duration BUCKET_TTL = Duration.ofDays(8);

    private static final int CANDIDATES = 1000;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    private final DatabaseClient db;

    private final RedisRoles redis;

    private final ReactiveCache<Trending> cache;

    private final Clock clock;

    public TrendingTags(DatabaseClient db, RedisRoles redis, ReactiveCaches caches, Duration cacheTtl, Clock clock) {
        this.db = db;
        this.redis = redis;
        this.cache = caches.create(CacheSpec.of("trending", Trending.class, cacheTtl));
        this.clock = clock;
    }

    /**
     * Copies the uses of {@code tags} in the hour of {@code at} into that hour's bucket.
     */
    public Mono<Void> refresh(Instant at, Collection<String> tags) {
        if (tags.isEmpty()) {
            return Mono.empty();
        }
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        return this.db
            .sql("select tag, sum(uses) as n from tag_usage where hour = :hour and tag = any(:tags) group by tag")
            .bind("hour", hour.atOffset(ZoneOffset.UTC))
            .bind("tags", tags.toArray(String[]::new))
            .map((row, meta) -> ScoredValue.just(row.get("n", Number.class).doubleValue(),
                    row.get("tag", String.class)))
            .all()
            .collectList()
            .flatMap((scores) -> write(hour, scores));
    }

    /** Rebuilds the buckets of the last 8 days from the rollup. */
    public Mono<Long> rebuild() {
        Instant from = this.clock.instant().truncatedTo(ChronoUnit.HOURS).minus(BUCKET_TTL);
        return this.db
            .sql("select hour, tag, sum(uses) as n from tag_usage where hour >= :from group by hour, tag "
                    + "order by hour")
            .bind("from", from.atOffset(ZoneOffset.UTC))
            .map((row,
                    meta) -> new Object[] { row.get("hour", java.time.OffsetDateTime.class).toInstant(),
                            ScoredValue.just(row.get("n", Number.class).doubleValue(), row.get("tag", String.class)) })
            .all()
            .bufferUntilChanged((row) -> row[0])
            .concatMap((rows) -> {
                Instant hour = (Instant) rows.get(0)[0];
                @SuppressWarnings("unchecked")
                List<ScoredValue<String>> scores = rows.stream().map((row) -> (ScoredValue<String>) row[1]).toList();
                String key = bucket(hour);
                return this.redis.state()
                    .mono((commands) -> commands.del(key))
                    .then(write(hour, scores))
                    .thenReturn(key);
            })
            .count();
    }

    /** The window's trending tags (cached briefly). */
    public Mono<CacheResult<Trending>> read(TrendingWindow window, int limit) {
        return this.cache.get("global", window.value() + ":" + limit, () -> compute(window, limit));
    }

    Mono<Trending> compute(TrendingWindow window, int limit) {
        Instant now = this.clock.instant().truncatedTo(ChronoUnit.HOURS);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < window.hours(); i++) {
            keys.add(bucket(now.minus(i, ChronoUnit.HOURS)));
        }
        Instant from = now.minus(window.hours() - 1L, ChronoUnit.HOURS);
        return this.redis.state()
            .flux((commands) -> commands.zunionWithScores(keys.toArray(String[]::new)))
            .collectList()
            .flatMap((union) -> {
                List<ScoredValue<String>> ranked = new ArrayList<>(union);
                ranked.sort((a, b) -> (a.getScore() != b.getScore()) ? Double.compare(b.getScore(), a.getScore())
                        : a.getValue().compareTo(b.getValue()));
                List<ScoredValue<String>> candidates = ranked.subList(0, Math.min(CANDIDATES, ranked.size()));
                return widelyUsed(from, candidates.stream().map(ScoredValue::getValue).toList())
                    .map((allowed) -> new Trending(window.value(),
                            candidates.stream()
                                .filter((tag) -> allowed.contains(tag.getValue()))
                                .limit(limit)
                                .map((tag) -> new Trending.Item(tag.getValue(), (long) tag.getScore()))
                                .toList()));
            });
    }

    private Mono<Set<String>> widelyUsed(Instant from, List<String> tags) {
        if (tags.isEmpty()) {
            return Mono.just(Set.of());
        }
        return this.db
            .sql("select tag from tag_usage where hour >= :from and tag = any(:tags) group by tag "
                    + "having count(distinct user_id) >= " + MIN_DISTINCT_USERS)
            .bind("from", from.atOffset(ZoneOffset.UTC))
            .bind("tags", tags.toArray(String[]::new))
            .map((row, meta) -> row.get("tag", String.class))
            .all()
            .collect(HashSet::new, Set::add);
    }

    private Mono<Void> write(Instant hour, List<ScoredValue<String>> scores) {
        if (scores.isEmpty()) {
            return Mono.empty();
        }
        String key = bucket(hour);
        long expireAt = hour.plus(BUCKET_TTL).toEpochMilli();
        @SuppressWarnings("unchecked")
        ScoredValue<String>[] values = scores.toArray(ScoredValue[]::new);
        return this.redis.state()
            .mono((commands) -> commands.zadd(key, ZAddArgs.Builder.gt(), values)
                .then(commands.pexpireat(key, expireAt)))
            .then();
    }

    String bucket(Instant hour) {
        return this.redis.keys().key("trending").part("tags").part(HOUR.format(hour)).build();
    }

}
