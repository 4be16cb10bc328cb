package io.redkeep.analytics.streak;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.ScriptOutputType;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Streaks: derived from the active days in the PostgreSQL rollups and kept in the
 * {@code tk:streak:{userId}} hash of the state role. Every write carries the number of
 * the user's activity rows it was computed from and the script keeps the newest, so
 * concurrent or replayed refreshes never roll a streak back.
 */
public class Streaks {

    private final DatabaseClient db;

    private final RedisRoles redis;

    private final RedisScript store = RedisScript.load("analytics-streak-set");

    private final Clock clock;

    public Streaks(DatabaseClient db, RedisRoles redis, Clock clock) {
        this.db = db;
        this.redis = redis;
        this.clock = clock;
    }

    /** The user's streak from the state role (fails when it is unreachable). */
    public Mono<Streak> read(UUID userId) {
        return this.redis.state()
            .mono((commands) -> commands.hgetall(key(userId)).collectMap((kv) -> kv.getKey(), (kv) -> kv.getValue()))
            .map((hash) -> fromHash(hash).asOf(today()));
    }

    /** The user's streak computed from PostgreSQL only. */
    public Mono<Streak> compute(UUID userId) {
        return activeDays(userId).map((snapshot) -> Streak.of(snapshot.days()).asOf(today()));
    }

    /**
     * Recomputes the user's streak from PostgreSQL and stores it unless a newer one is.
     */
    public Mono<Void> refresh(UUID userId) {
        return activeDays(userId).flatMap((snapshot) -> {
            if (snapshot.days().isEmpty()) {
                return Mono.empty();
            }
            Streak streak = Streak.of(snapshot.days());
            return this.store
                .<Long>mono(this.redis.state(), ScriptOutputType.INTEGER, List.of(key(userId)),
                        Long.toString(snapshot.version()), Integer.toString(streak.current()),
                        Integer.toString(streak.longest()), streak.lastActiveDate())
                .then();
        });
    }

    /**
     * {@link #refresh} for many users: one PostgreSQL query for all of them, then the
     * script per user (pipelined on the shared connection).
     */
    public Mono<Void> refreshAll(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Mono.empty();
        }
        return this.db
            .sql("select d.user_id, d.day, v.n from (select distinct user_id, day from daily_rollup "
                    + "where user_id = any(:users) and created + updated + completed > 0) d "
                    + "join (select user_id, count(*) as n from activity where user_id = any(:users) "
                    + "group by user_id) v on v.user_id = d.user_id order by d.user_id, d.day")
            .bind("users", userIds.toArray(UUID[]::new))
            .map((row,
                    meta) -> new Object[] { row.get("user_id", UUID.class), row.get("day", LocalDate.class),
                            row.get("n", Long.class) })
            .all()
            .bufferUntilChanged((row) -> row[0])
            .flatMap((rows) -> {
                UUID userId = (UUID) rows.get(0)[0];
                Streak streak = Streak.of(rows.stream().map((row) -> (LocalDate) row[1]).toList());
                return this.store.<Long>mono(this.redis.state(), ScriptOutputType.INTEGER, List.of(key(userId)),
                        Long.toString((Long) rows.get(0)[2]), Integer.toString(streak.current()),
                        Integer.toString(streak.longest()), streak.lastActiveDate());
            }, 64)
            .then();
    }

    /** Deletes and recomputes the user's streak hash (rebuild). */
    public Mono<Void> rebuild(UUID userId) {
        return this.redis.state().mono((commands) -> commands.del(key(userId))).then(refresh(userId));
    }

    /** Users with any activity, for a rebuild. */
    public Flux<UUID> activeUsers() {
        return this.db.sql("select distinct user_id from daily_rollup")
            .map((row, meta) -> row.get("user_id", UUID.class))
            .all();
    }

    private Mono<ActiveDays> activeDays(UUID userId) {
        // One statement, so the days and the version come from the same snapshot.
        return this.db
            .sql("select d.day, v.n from (select distinct day from daily_rollup where user_id = :user "
                    + "and created + updated + completed > 0) d "
                    + "cross join (select count(*) as n from activity where user_id = :user) v order by d.day")
            .bind("user", userId)
            .map((row, meta) -> new Object[] { row.get("day", LocalDate.class), row.get("n", Long.class) })
            .all()
            .collectList()
            .map((rows) -> new ActiveDays(rows.stream().map((row) -> (LocalDate) row[0]).toList(),
                    rows.isEmpty() ? 0 : (Long) rows.get(0)[1]));
    }

    private LocalDate today() {
        return LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
    }

    private String key(UUID userId) {
        return this.redis.keys().key("streak").tag(userId.toString()).build();
    }

    private static Streak fromHash(Map<String, String> hash) {
        if (hash.isEmpty()) {
            return Streak.NONE;
        }
        return new Streak(Integer.parseInt(hash.getOrDefault("current", "0")),
                Integer.parseInt(hash.getOrDefault("longest", "0")), hash.get("lastDate"));
    }

    private record ActiveDays(List<LocalDate> days, long version) {

    }

}
