package io.redkeep.analytics.recommend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.redkeep.redis.cache.CacheResult;
import io.redkeep.redis.cache.CacheSpec;
import io.redkeep.redis.cache.ReactiveCache;
import io.redkeep.redis.cache.ReactiveCaches;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The user's own items worth revisiting: live items not touched in the last day, ranked
 * by how much their tags overlap the tags of the user's activity in the last
 * {@link #RECENT} and by age. The ranked list (at most {@value #MAX_ITEMS}) is cached an
 * hour per user in {@code tk:cache:analytics:{userId}:recommendations}.
 */
public class Recommendations {

    static final Duration RECENT = Duration.ofDays(14);

    static final int MAX_ITEMS = 100;

    private static final int CANDIDATES = 1000;

    private final DatabaseClient db;

    private final ReactiveCache<Recommended> cache;

    private final Clock clock;

    public Recommendations(DatabaseClient db, ReactiveCaches caches, Duration ttl, Clock clock) {
        this.db = db;
        this.cache = caches.create(CacheSpec.of("analytics", Recommended.class, ttl));
        this.clock = clock;
    }

    public Mono<CacheResult<Recommended>> get(UUID userId, int limit) {
        return this.cache.get(userId.toString(), "recommendations", () -> compute(userId))
            .map((result) -> new CacheResult<>(
                    new Recommended(result.value().items().subList(0, Math.min(limit, result.value().items().size()))),
                    result.outcome()));
    }

    Mono<Recommended> compute(UUID userId) {
        Instant now = this.clock.instant();
        return recentTagWeights(userId, now.minus(RECENT)).zipWith(candidates(userId, now.minus(Duration.ofDays(1))))
            .map((pair) -> rank(pair.getT1(), pair.getT2(), now));
    }

    private Recommended rank(Map<String, Long> weights, List<Candidate> candidates, Instant now) {
        long maxWeight = weights.values().stream().mapToLong(Long::longValue).max().orElse(1);
        List<Recommended.Item> items = new ArrayList<>();
        for (Candidate candidate : candidates) {
            double overlap = 0;
            List<String> shared = new ArrayList<>();
            for (String tag : candidate.tags()) {
                Long weight = weights.get(tag);
                if (weight != null) {
                    overlap += (double) weight / maxWeight;
                    shared.add(tag);
                }
            }
            double ageDays = Math.max(0, Duration.between(candidate.updatedAt(), now).toHours() / 24.0);
            // Overlap dominates; age breaks ties and lifts long-forgotten items a little.
            double score = overlap + 0.5 * (ageDays / (ageDays + 7));
            String reason = shared.isEmpty() ? "Not opened for " + (long) ageDays + " days" : "Shares "
                    + String.join(", ", shared.stream().sorted().limit(3).toList()) + " with your recent activity";
            items.add(new Recommended.Item(candidate.kind(), candidate.id().toString(), candidate.title(), reason,
                    Math.round(score * 1000) / 1000.0));
        }
        items.sort(Comparator.comparingDouble(Recommended.Item::score).reversed().thenComparing(Recommended.Item::id));
        return new Recommended(List.copyOf(items.subList(0, Math.min(MAX_ITEMS, items.size()))));
    }

    private Mono<Map<String, Long>> recentTagWeights(UUID userId, Instant since) {
        return this.db
            .sql("select tag, count(*) as n from activity a join item i on i.item_id = a.item_id, "
                    + "unnest(i.tags) as tag where a.user_id = :u and a.occurred_at >= :since "
                    + "and a.action <> 'deleted' group by tag")
            .bind("u", userId)
            .bind("since", since.atOffset(ZoneOffset.UTC))
            .map((row, meta) -> Map.entry(row.get("tag", String.class), row.get("n", Long.class)))
            .all()
            .collect(HashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()));
    }

    private Mono<List<Candidate>> candidates(UUID userId, Instant untouchedSince) {
        return this.db
            .sql("select item_id, kind, title, tags, updated_at from item where user_id = :u "
                    + "and deleted_at is null and updated_at < :before "
                    + "and not (kind = 'task' and status = 'completed') order by updated_at desc limit " + CANDIDATES)
            .bind("u", userId)
            .bind("before", untouchedSince.atOffset(ZoneOffset.UTC))
            .map((row, meta) -> new Candidate(row.get("item_id", UUID.class), row.get("kind", String.class),
                    row.get("title", String.class), List.of(row.get("tags", String[].class)),
                    row.get("updated_at", OffsetDateTime.class).toInstant()))
            .all()
            .collectList();
    }

    private record Candidate(UUID id, String kind, String title, List<String> tags, Instant updatedAt) {

    }

}
