package io.redkeep.analytics.challenge;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Challenges, participants and the counts their leaderboards are made of, in PostgreSQL.
 */
public class ChallengeStore {

    private static final String COLUMNS = "id, title, metric, starts_at, ends_at, created_at";

    private final DatabaseClient db;

    public ChallengeStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Challenge> create(Challenge challenge, UUID createdBy) {
        return this.db
            .sql("insert into challenge (id, title, metric, starts_at, ends_at, created_by, created_at) "
                    + "values (:id, :title, :metric, :starts, :ends, :by, :created)")
            .bind("id", challenge.id())
            .bind("title", challenge.title())
            .bind("metric", challenge.metric().value())
            .bind("starts", utc(challenge.startsAt()))
            .bind("ends", utc(challenge.endsAt()))
            .bind("by", createdBy)
            .bind("created", utc(challenge.createdAt()))
            .then()
            .thenReturn(challenge);
    }

    public Mono<Challenge> find(UUID id) {
        return this.db.sql("select " + COLUMNS + " from challenge where id = :id")
            .bind("id", id)
            .map(ChallengeStore::challenge)
            .one();
    }

    /**
     * Active and upcoming challenges, newest first, after the {@code (createdAt, id)}
     * position of a cursor when given, each with its participant count and whether
     * {@code userId} joined, in the same query (no query per row).
     */
    public Flux<Described> openPageDescribed(Instant now, Instant afterCreated, UUID afterId, int limit, UUID userId) {
        String keyset = (afterId != null) ? " and (c.created_at, c.id) < (:c, :i)" : "";
        DatabaseClient.GenericExecuteSpec spec = this.db
            .sql("select c.id, c.title, c.metric, c.starts_at, c.ends_at, c.created_at, "
                    + "(select count(*) from challenge_participant p where p.challenge_id = c.id) as participants, "
                    + "exists (select 1 from challenge_participant p where p.challenge_id = c.id and p.user_id = :u) "
                    + "as joined from challenge c where c.ends_at > :now" + keyset
                    + " order by c.created_at desc, c.id desc limit :limit")
            .bind("now", utc(now))
            .bind("u", userId)
            .bind("limit", limit);
        if (afterId != null) {
            spec = spec.bind("c", utc(afterCreated)).bind("i", afterId);
        }
        return spec
            .map((row, meta) -> new Described(challenge(row), row.get("participants", Long.class),
                    Boolean.TRUE.equals(row.get("joined", Boolean.class))))
            .all();
    }

    /** Adds the participant; {@code true} when they were not one yet. */
    public Mono<Boolean> join(UUID challengeId, UUID userId, Instant at) {
        return this.db
            .sql("insert into challenge_participant (challenge_id, user_id, joined_at) values (:c, :u, :at) "
                    + "on conflict do nothing")
            .bind("c", challengeId)
            .bind("u", userId)
            .bind("at", utc(at))
            .fetch()
            .rowsUpdated()
            .map((rows) -> rows > 0);
    }

    /**
     * Remembers a display name seen on a request until a {@code user.*} event brings one.
     */
    public Mono<Void> rememberName(UUID userId, String displayName, Instant at) {
        return this.db
            .sql("insert into user_profile (user_id, display_name, updated_at) values (:u, :n, :at) "
                    + "on conflict do nothing")
            .bind("u", userId)
            .bind("n", displayName)
            .bind("at", utc(Instant.EPOCH))
            .then();
    }

    public Mono<Long> participants(UUID challengeId) {
        return this.db.sql("select count(*) as n from challenge_participant where challenge_id = :c")
            .bind("c", challengeId)
            .map((row, meta) -> row.get("n", Long.class))
            .one();
    }

    /** When the user joined, empty when they did not. */
    public Mono<Instant> joinedAt(UUID challengeId, UUID userId) {
        return this.db.sql("select joined_at from challenge_participant where challenge_id = :c and user_id = :u")
            .bind("c", challengeId)
            .bind("u", userId)
            .map((row, meta) -> row.get("joined_at", OffsetDateTime.class).toInstant())
            .one();
    }

    public Flux<UUID> participantIds(UUID challengeId) {
        return this.db.sql("select user_id from challenge_participant where challenge_id = :c")
            .bind("c", challengeId)
            .map((row, meta) -> row.get("user_id", UUID.class))
            .all();
    }

    /** Challenges the user joined whose window contains {@code at}. */
    public Flux<Challenge> joinedContaining(UUID userId, Instant at) {
        return this.db
            .sql("select c.id, c.title, c.metric, c.starts_at, c.ends_at, c.created_at from challenge c "
                    + "join challenge_participant p on p.challenge_id = c.id "
                    + "where p.user_id = :u and c.starts_at <= :at and c.ends_at > :at")
            .bind("u", userId)
            .bind("at", utc(at))
            .map(ChallengeStore::challenge)
            .all();
    }

    /**
     * For each of {@code userIds}, the challenges they joined whose window overlaps
     * {@code from .. to} (both inclusive), as (user, challenge) pairs.
     */
    public Flux<Map.Entry<UUID, Challenge>> joinedOverlapping(Collection<UUID> userIds, Instant from, Instant to) {
        return this.db
            .sql("select p.user_id, c.id, c.title, c.metric, c.starts_at, c.ends_at, c.created_at from challenge c "
                    + "join challenge_participant p on p.challenge_id = c.id "
                    + "where p.user_id = any(:u) and c.starts_at <= :to and c.ends_at > :from")
            .bind("u", userIds.toArray(UUID[]::new))
            .bind("from", utc(from))
            .bind("to", utc(to))
            .map((row, meta) -> Map.entry(row.get("user_id", UUID.class), challenge(row)))
            .all();
    }

    /** Challenges whose boards still live (ended less than {@code retention} ago). */
    public Flux<Challenge> withLiveBoards(Instant endedAfter) {
        return this.db.sql("select " + COLUMNS + " from challenge where ends_at > :after")
            .bind("after", utc(endedAfter))
            .map(ChallengeStore::challenge)
            .all();
    }

    /**
     * The user's count in the challenge and when it was reached (the latest counted
     * activity), from the activity rows inside the window.
     */
    public Mono<Tally> tally(Challenge challenge, UUID userId) {
        String kindFilter = (challenge.metric().kind() != null) ? " and kind = :kind" : "";
        DatabaseClient.GenericExecuteSpec spec = this.db
            .sql("select count(*) as n, max(occurred_at) as reached from activity where user_id = :u "
                    + "and action = :action and occurred_at >= :starts and occurred_at < :ends" + kindFilter)
            .bind("u", userId)
            .bind("action", challenge.metric().action())
            .bind("starts", utc(challenge.startsAt()))
            .bind("ends", utc(challenge.endsAt()));
        if (challenge.metric().kind() != null) {
            spec = spec.bind("kind", challenge.metric().kind());
        }
        return spec.map((row, meta) -> {
            OffsetDateTime reached = row.get("reached", OffsetDateTime.class);
            return new Tally(row.get("n", Long.class), (reached != null) ? reached.toInstant() : null);
        }).one();
    }

    public Mono<Map<UUID, String>> names(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return this.db.sql("select user_id, display_name from user_profile where user_id = any(:ids)")
            .bind("ids", userIds.toArray(UUID[]::new))
            .map((row, meta) -> Map.entry(row.get("user_id", UUID.class), row.get("display_name", String.class)))
            .all()
            .collect(HashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()));
    }

    private static Challenge challenge(Readable row) {
        return new Challenge(row.get("id", UUID.class), row.get("title", String.class),
                ChallengeMetric.parse(row.get("metric", String.class)).orElseThrow(),
                row.get("starts_at", OffsetDateTime.class).toInstant(),
                row.get("ends_at", OffsetDateTime.class).toInstant(),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * A challenge as the list shows it.
     *
     * @param challenge the challenge
     * @param participants how many joined
     * @param joined whether the caller joined
     */
    public record Described(Challenge challenge, long participants, boolean joined) {

    }

    /**
     * A participant's count and when it was reached ({@code null} when zero).
     *
     * @param count counted activities inside the window
     * @param reachedAt the latest of them
     */
    public record Tally(long count, Instant reachedAt) {

    }

}
