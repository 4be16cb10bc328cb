package io.redkeep.analytics.challenge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One sorted set per challenge, {@code tk:challenge:{id}:board}, in the state role:
 * participants by {@link CompositeScore}. Scores are recomputed from PostgreSQL and
 * written with {@code ZADD GT}: a count only grows, so a replayed or concurrent refresh
 * never lowers one. Participants' display names are kept beside it in
 * {@code tk:challenge:{id}:names} (same slot), so a page is one script and one round trip
 * with no PostgreSQL. Both expire {@link #RETENTION} after the challenge ends.
 */
public class Leaderboards {

    /** How long a board outlives its challenge. */
    public static final Duration RETENTION = Duration.ofDays(30);

    private final ChallengeStore store;

    private final RedisRoles redis;

    private final RedisScript topScript = RedisScript.load("analytics-board-top");

    private final RedisScript meScript = RedisScript.load("analytics-board-me");

    public Leaderboards(ChallengeStore store, RedisRoles redis) {
        this.store = store;
        this.redis = redis;
    }

    /**
     * Recomputes the participant's score and stores it if higher, with their display name
     * in the board's name hash.
     */
    public Mono<Void> refresh(Challenge challenge, UUID userId) {
        return this.store.tally(challenge, userId)
            .zipWith(this.store.joinedAt(challenge.id(), userId))
            .zipWith(this.store.names(List.of(userId)))
            .flatMap((all) -> {
                ChallengeStore.Tally tally = all.getT1().getT1();
                Instant reached = (tally.count() > 0) ? tally.reachedAt() : all.getT1().getT2();
                double score = CompositeScore.of(tally.count(), reached, challenge.startsAt());
                String name = all.getT2().get(userId);
                String key = key(challenge.id());
                String names = namesKey(challenge.id());
                long expireAt = challenge.endsAt().plus(RETENTION).toEpochMilli();
                return this.redis.state().mono((commands) -> {
                    Mono<?> named = (name != null)
                            ? commands.hset(names, userId.toString(), name).then(commands.pexpireat(names, expireAt))
                            : Mono.empty();
                    return named.then(commands.zadd(key, ZAddArgs.Builder.gt(), score, userId.toString()))
                        .then(commands.pexpireat(key, expireAt));
                }).then();
            });
    }

    /**
     * Copies the user's current display name (PostgreSQL) into the name hash of every
     * live board they are on; after a {@code user.*} event.
     */
    public Mono<Void> renamed(Collection<UUID> userIds, Instant now) {
        if (userIds.isEmpty()) {
            return Mono.empty();
        }
        return this.store.names(userIds)
            .flatMapMany((names) -> this.store
                .joinedOverlapping(names.keySet(), now.minus(RETENTION), now.plus(java.time.Duration.ofDays(36500)))
                .flatMap((pair) -> {
                    String hash = namesKey(pair.getValue().id());
                    long expireAt = pair.getValue().endsAt().plus(RETENTION).toEpochMilli();
                    return this.redis.state()
                        .mono((commands) -> commands.hset(hash, pair.getKey().toString(), names.get(pair.getKey()))
                            .then(commands.pexpireat(hash, expireAt)));
                }, 16))
            .then();
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
            .mono((commands) -> commands.del(key, namesKey(challenge.id())))
            .thenMany(this.store.participantIds(challenge.id()))
            .concatMap((userId) -> refresh(challenge, userId))
            .then();
    }

    /**
     * Ranks {@code offset + 1 ..} of the board, best first, and the member count: one
     * script (ZREVRANGE, ZCARD and HMGET of the names), one round trip.
     */
    public Mono<Page> top(UUID challengeId, int offset, int limit) {
        return this.topScript
            .<List<Object>>mono(this.redis.state(), ScriptOutputType.MULTI,
                    List.of(key(challengeId), namesKey(challengeId)), Integer.toString(offset),
                    Long.toString(offset + limit - 1L))
            .map((reply) -> new Page(entries((List<?>) reply.get(1), (List<?>) reply.get(2), offset + 1),
                    (Long) reply.get(0)));
    }

    /**
     * The user's rank and score with {@code around} neighbours each side; empty when the
     * user is not on the board. One script (ZREVRANK, ZREVRANGE and HMGET of the names),
     * one round trip.
     */
    public Mono<Me> me(UUID challengeId, UUID userId, int around) {
        String member = userId.toString();
        return this.meScript
            .<List<Object>>mono(this.redis.state(), ScriptOutputType.MULTI,
                    List.of(key(challengeId), namesKey(challengeId)), member, Integer.toString(around))
            .filter((reply) -> (Long) reply.get(0) >= 0)
            .map((reply) -> {
                List<Entry> neighbors = entries((List<?>) reply.get(2), (List<?>) reply.get(3),
                        (Long) reply.get(1) + 1);
                Entry self = neighbors.stream()
                    .filter((entry) -> entry.userId().equals(member))
                    .findFirst()
                    .orElseThrow();
                return new Me(self.rank(), self.score(), neighbors);
            });
    }

    /** Rows from a script's flat member, score list and the matching names. */
    private static List<Entry> entries(List<?> range, List<?> names, long firstRank) {
        List<Entry> entries = new ArrayList<>(range.size() / 2);
        long rank = firstRank;
        for (int i = 0; i + 1 < range.size(); i += 2) {
            Object name = (i / 2 < names.size()) ? names.get(i / 2) : null;
            entries.add(new Entry(rank++, (String) range.get(i), (name instanceof String text) ? text : null,
                    CompositeScore.count(Double.parseDouble((String) range.get(i + 1)))));
        }
        return entries;
    }

    String key(UUID challengeId) {
        return this.redis.keys().key("challenge").tag(challengeId.toString()).part("board").build();
    }

    /** The board's display names, same hash slot as the board. */
    String namesKey(UUID challengeId) {
        return this.redis.keys().key("challenge").tag(challengeId.toString()).part("names").build();
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
