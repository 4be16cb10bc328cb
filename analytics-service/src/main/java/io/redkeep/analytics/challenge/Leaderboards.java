package io.redkeep.analytics.challenge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.redkeep.redis.RedisRoles;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One sorted set per challenge, {@code tk:challenge:{id}:board}, in the state role:
 * participants by {@link CompositeScore}. Scores are recomputed from PostgreSQL and
 * written with {@code ZADD GT}: a count only grows, so a replayed or concurrent refresh
 * never lowers one. The set expires {@link #RETENTION} after the challenge ends.
 */
public class Leaderboards {

    /** How long a board outlives its challenge. */
    public static final Duration RETENTION = Duration.ofDays(30);

    private final ChallengeStore store;

    private final RedisRoles redis;

    public Leaderboards(ChallengeStore store, RedisRoles redis) {
        this.store = store;
        this.redis = redis;
    }

    /** Recomputes the participant's score and stores it if higher. */
    public Mono<Void> refresh(Challenge challenge, UUID userId) {
        return this.store.tally(challenge, userId)
            .zipWith(this.store.joinedAt(challenge.id(), userId))
            .flatMap((pair) -> {
                ChallengeStore.Tally tally = pair.getT1();
                Instant reached = (tally.count() > 0) ? tally.reachedAt() : pair.getT2();
                double score = CompositeScore.of(tally.count(), reached, challenge.startsAt());
                String key = key(challenge.id());
                long expireAt = challenge.endsAt().plus(RETENTION).toEpochMilli();
                return this.redis.state()
                    .mono((commands) -> commands.zadd(key, ZAddArgs.Builder.gt(), score, userId.toString())
                        .then(commands.pexpireat(key, expireAt)))
                    .then();
            });
    }

    /**
     * Refreshes every challenge of the user that an activity at {@code at} counts for.
     */
    public Mono<Void> activity(UUID userId, Instant at, String action, String kind) {
        return this.store.joinedContaining(userId, at)
            .filter((challenge) -> challenge.metric().counts(action, kind))
            .concatMap((challenge) -> refresh(challenge, userId))
            .then();
    }

    /**
     * {@link #activity} for a batch: one query finds the challenges of all the users,
     * then each (challenge, participant) that any of the activities counts for is
     * refreshed once.
     * @param activities (user, at, action, kind) of each activity
     */
    public Mono<Void> activities(List<Activity> activities) {
        if (activities.isEmpty()) {
            return Mono.empty();
        }
        Set<UUID> users = new HashSet<>();
        Instant from = activities.get(0).at();
        Instant to = from;
        for (Activity activity : activities) {
            users.add(activity.userId());
            from = activity.at().isBefore(from) ? activity.at() : from;
            to = activity.at().isAfter(to) ? activity.at() : to;
        }
        return this.store.joinedOverlapping(users, from, to).collectList().flatMap((joined) -> {
            if (joined.isEmpty()) {
                return Mono.empty();
            }
            Map<UUID, List<Challenge>> byUser = new HashMap<>();
            joined.forEach(
                    (pair) -> byUser.computeIfAbsent(pair.getKey(), (k) -> new ArrayList<>()).add(pair.getValue()));
            Map<List<UUID>, Challenge> refreshes = new LinkedHashMap<>();
            for (Activity activity : activities) {
                for (Challenge challenge : byUser.getOrDefault(activity.userId(), List.of())) {
                    if (!challenge.startsAt().isAfter(activity.at()) && challenge.endsAt().isAfter(activity.at())
                            && challenge.metric().counts(activity.action(), activity.kind())) {
                        refreshes.putIfAbsent(List.of(challenge.id(), activity.userId()), challenge);
                    }
                }
            }
            return Flux.fromIterable(refreshes.entrySet())
                .flatMap((entry) -> refresh(entry.getValue(), entry.getKey().get(1)), 8)
                .then();
        });
    }

    /**
     * One activity as {@link #activities} needs it.
     *
     * @param userId the user
     * @param at when it happened
     * @param action created, updated, deleted or completed
     * @param kind the item's kind
     */
    public record Activity(UUID userId, Instant at, String action, String kind) {

    }

    /** Deletes and recomputes the board of {@code challenge} (rebuild). */
    public Mono<Void> rebuild(Challenge challenge) {
        String key = key(challenge.id());
        return this.redis.state()
            .mono((commands) -> commands.del(key))
            .thenMany(this.store.participantIds(challenge.id()))
            .concatMap((userId) -> refresh(challenge, userId))
            .then();
    }

    /** Ranks {@code offset + 1 ..} of the board, best first, and the member count. */
    public Mono<Page> top(UUID challengeId, int offset, int limit) {
        String key = key(challengeId);
        Mono<List<ScoredValue<String>>> range = this.redis.state()
            .flux((commands) -> commands.zrevrangeWithScores(key, offset, offset + limit - 1L))
            .collectList();
        Mono<Long> total = this.redis.state().mono((commands) -> commands.zcard(key));
        return Mono.zip(range, total)
            .flatMap((pair) -> entries(pair.getT1(), offset + 1).map((entries) -> new Page(entries, pair.getT2())));
    }

    /**
     * The user's rank and score with {@code around} neighbours each side; empty when the
     * user is not on the board.
     */
    public Mono<Me> me(UUID challengeId, UUID userId, int around) {
        String key = key(challengeId);
        return this.redis.state().mono((commands) -> commands.zrevrank(key, userId.toString())).flatMap((rank) -> {
            long from = Math.max(0, rank - around);
            return this.redis.state()
                .flux((commands) -> commands.zrevrangeWithScores(key, from, rank + around))
                .collectList()
                .flatMap((window) -> entries(window, from + 1))
                .map((neighbors) -> {
                    Entry self = neighbors.stream()
                        .filter((entry) -> entry.userId().equals(userId.toString()))
                        .findFirst()
                        .orElseThrow();
                    return new Me(self.rank(), self.score(), neighbors);
                });
        });
    }

    private Mono<List<Entry>> entries(List<ScoredValue<String>> members, long firstRank) {
        List<UUID> ids = members.stream().map((member) -> UUID.fromString(member.getValue())).toList();
        return this.store.names(ids).map((names) -> entries(members, firstRank, names));
    }

    private static List<Entry> entries(List<ScoredValue<String>> members, long firstRank, Map<UUID, String> names) {
        List<Entry> entries = new ArrayList<>(members.size());
        long rank = firstRank;
        for (ScoredValue<String> member : members) {
            entries.add(new Entry(rank++, member.getValue(), names.get(UUID.fromString(member.getValue())),
                    CompositeScore.count(member.getScore())));
        }
        return entries;
    }

    String key(UUID challengeId) {
        return this.redis.keys().key("challenge").tag(challengeId.toString()).part("board").build();
    }

    /** Every board whose challenge ended less than the retention ago, rebuilt. */
    public Mono<Long> rebuildAll(Instant now) {
        return this.store.withLiveBoards(now.minus(RETENTION))
            .concatMap((challenge) -> rebuild(challenge).thenReturn(challenge))
            .count();
    }

    /**
     * One row of a board.
     *
     * @param rank 1 is best
     * @param userId the participant
     * @param displayName their display name, {@code null} when unknown
     * @param score their count
     */
    public record Entry(long rank, String userId, String displayName, long score) {

    }

    /**
     * A slice of a board.
     *
     * @param items the rows
     * @param total members on the board
     */
    public record Page(List<Entry> items, long total) {

    }

    /**
     * The caller's place.
     *
     * @param rank their rank
     * @param score their count
     * @param neighbors rows around them, themselves included
     */
    public record Me(long rank, long score, List<Entry> neighbors) {

    }

}
