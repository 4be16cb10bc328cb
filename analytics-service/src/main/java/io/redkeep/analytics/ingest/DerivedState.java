package io.redkeep.analytics.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.redkeep.analytics.challenge.Leaderboards;
import io.redkeep.analytics.dashboard.Dashboards;
import io.redkeep.analytics.streak.Streaks;
import io.redkeep.analytics.trending.TrendingTags;
import io.redkeep.redis.event.EventEnvelope;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What an applied event changes outside PostgreSQL: the user's dashboard generation
 * (cache role), streak, leaderboards and trending buckets (state role). Every step is a
 * recomputation from the rollups, so running it again (a redelivery after a failure here)
 * is harmless; a state-role failure fails the handler and the entry is retried.
 */
public class DerivedState {

    private final Dashboards dashboards;

    private final Streaks streaks;

    private final Leaderboards leaderboards;

    private final TrendingTags trending;

    public DerivedState(Dashboards dashboards, Streaks streaks, Leaderboards leaderboards, TrendingTags trending) {
        this.dashboards = dashboards;
        this.streaks = streaks;
        this.leaderboards = leaderboards;
        this.trending = trending;
    }

    public Mono<Void> refresh(EventEnvelope event) {
        return Mono.defer(() -> {
            ContentActivity activity = ContentActivity.from(event);
            if (activity == null) {
                UUID renamed = renamedUser(event);
                return (renamed != null) ? this.leaderboards.renamed(List.of(renamed), event.occurredAt())
                        : Mono.empty();
            }
            Mono<Void> streak = activity.active() ? this.streaks.refresh(activity.userId()) : Mono.empty();
            boolean tagged = "created".equals(activity.action()) || "updated".equals(activity.action());
            return streak
                .then(this.leaderboards.activity(activity.userId(), activity.occurredAt(), activity.action(),
                        activity.kind()))
                .then(tagged ? this.trending.refresh(activity.occurredAt(), activity.tags()) : Mono.empty())
                .then(this.dashboards.invalidate(activity.userId()));
        });
    }

    /**
     * {@link #refresh} for a batch of events: every user's streak, board and dashboard
     * once and every hour's trending bucket once, each recomputed from PostgreSQL in a
     * handful of queries, the Redis writes issued together (pipelined on the shared
     * connection). Idempotent like {@link #refresh}.
     */
    public Mono<Void> refreshBatch(List<EventEnvelope> events) {
        return Mono.defer(() -> {
            Set<UUID> users = new LinkedHashSet<>();
            Set<UUID> active = new LinkedHashSet<>();
            List<Leaderboards.Activity> activities = new ArrayList<>();
            Map<Instant, Set<String>> tags = new TreeMap<>();
            Set<UUID> renamed = new LinkedHashSet<>();
            Instant renamedAt = null;
            for (EventEnvelope event : events) {
                ContentActivity activity = ContentActivity.from(event);
                if (activity == null) {
                    UUID user = renamedUser(event);
                    if (user != null) {
                        renamed.add(user);
                        renamedAt = (renamedAt == null || event.occurredAt().isBefore(renamedAt)) ? event.occurredAt()
                                : renamedAt;
                    }
                    continue;
                }
                users.add(activity.userId());
                if (activity.active()) {
                    active.add(activity.userId());
                }
                activities.add(new Leaderboards.Activity(activity.userId(), activity.occurredAt(), activity.action(),
                        activity.kind()));
                if ("created".equals(activity.action()) || "updated".equals(activity.action())) {
                    tags.computeIfAbsent(activity.occurredAt().truncatedTo(ChronoUnit.HOURS),
                            (hour) -> new LinkedHashSet<>())
                        .addAll(activity.tags());
                }
            }
            Mono<Void> names = renamed.isEmpty() ? Mono.empty() : this.leaderboards.renamed(renamed, renamedAt);
            if (users.isEmpty()) {
                return names;
            }
            Mono<Void> trending = Flux.fromIterable(tags.entrySet())
                .concatMap((hour) -> this.trending.refresh(hour.getKey(), hour.getValue()))
                .then();
            Mono<Void> invalidate = Flux.fromIterable(users).flatMap(this.dashboards::invalidate, 64).then();
            // Dashboards last, as in refresh: a reader that recomputes after the bump
            // sees
            // the committed rollups either way, since those were written before this
            // runs.
            return Mono.when(this.streaks.refreshAll(active), this.leaderboards.activities(activities), trending, names)
                .then(invalidate);
        });
    }

    /** The user whose display name a {@code user.*} event may have changed, or null. */
    private static UUID renamedUser(EventEnvelope event) {
        if (!"user.registered".equals(event.type()) && !"user.updated".equals(event.type())) {
            return null;
        }
        try {
            String id = (event.userId() != null) ? event.userId()
                    : (event.data().get("userId") != null) ? event.data().get("userId").asString() : null;
            return (id != null) ? UUID.fromString(id) : null;
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

}
