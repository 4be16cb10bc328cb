package io.redkeep.analytics.rebuild;

import java.time.Clock;

import io.redkeep.analytics.challenge.Leaderboards;
import io.redkeep.analytics.streak.Streaks;
import io.redkeep.analytics.trending.TrendingTags;
import reactor.core.publisher.Mono;

/**
 * Rebuilds the derived Redis state (streaks, leaderboards of live challenges, trending
 * buckets of the last 8 days) from the PostgreSQL rollups: each key is deleted and
 * written again from the same computation ingestion uses.
 */
public class DerivedStateRebuild {

    private final Streaks streaks;

    private final Leaderboards leaderboards;

    private final TrendingTags trending;

    private final Clock clock;

    public DerivedStateRebuild(Streaks streaks, Leaderboards leaderboards, TrendingTags trending, Clock clock) {
        this.streaks = streaks;
        this.leaderboards = leaderboards;
        this.trending = trending;
        this.clock = clock;
    }

    public Mono<Result> run() {
        Mono<Long> streakCount = this.streaks.activeUsers()
            .concatMap((user) -> this.streaks.rebuild(user).thenReturn(user), 4)
            .count();
        return streakCount
            .zipWith(this.leaderboards.rebuildAll(this.clock.instant()),
                    (users, boards) -> new long[] { users, boards })
            .zipWith(this.trending.rebuild(), (counts, buckets) -> new Result(counts[0], counts[1], buckets));
    }

    /**
     * What a rebuild wrote.
     *
     * @param streaks streak hashes
     * @param leaderboards challenge boards
     * @param trendingBuckets hourly trending buckets
     */
    public record Result(long streaks, long leaderboards, long trendingBuckets) {

    }

}
