package io.redkeep.analytics.ingest;

import io.redkeep.analytics.challenge.Leaderboards;
import io.redkeep.analytics.dashboard.Dashboards;
import io.redkeep.analytics.streak.Streaks;
import io.redkeep.analytics.trending.TrendingTags;
import io.redkeep.redis.event.EventEnvelope;
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
                return Mono.empty();
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

}
