package io.redkeep.realtime.user;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The users realtime-service knows of, in its own table (no service reads another's
 * tables): filled from {@code tk:stream:auth} by {@link AuthEventsListener} and from the
 * internal token of every caller. Conversations may only include known users.
 */
public class UserDirectory {

    private final DatabaseClient db;

    public UserDirectory(DatabaseClient db) {
        this.db = db;
    }

    /** Records a user and display name; a blank name keeps the one known. */
    public Mono<Void> remember(UUID userId, String displayName) {
        String name = (displayName != null) ? displayName : "";
        return this.db
            .sql("INSERT INTO users (id, display_name) VALUES (:id, :name) ON CONFLICT (id) DO UPDATE SET "
                    + "display_name = EXCLUDED.display_name WHERE EXCLUDED.display_name <> '' "
                    + "AND users.display_name <> EXCLUDED.display_name")
            .bind("id", userId)
            .bind("name", name)
            .fetch()
            .rowsUpdated()
            .then();
    }

    /** Which of {@code ids} are known users. */
    public Mono<Set<UUID>> existing(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(Set.of());
        }
        return this.db.sql("SELECT id FROM users WHERE id = ANY(:ids)")
            .bind("ids", ids.toArray(UUID[]::new))
            .map((row) -> row.get("id", UUID.class))
            .all()
            .collect(HashSet::new, Set::add);
    }

    public Mono<Void> markSeen(UUID userId, Instant at) {
        return this.db.sql("UPDATE users SET last_seen_at = :at WHERE id = :id")
            .bind("id", userId)
            .bind("at", at.atOffset(ZoneOffset.UTC))
            .fetch()
            .rowsUpdated()
            .then();
    }

    /** Last-seen times of those of {@code ids} that have one. */
    public Mono<Map<UUID, Instant>> lastSeen(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(Map.of());
        }
        return this.db.sql("SELECT id, last_seen_at FROM users WHERE id = ANY(:ids) AND last_seen_at IS NOT NULL")
            .bind("ids", ids.toArray(UUID[]::new))
            .map((row) -> Map.entry(row.get("id", UUID.class),
                    row.get("last_seen_at", OffsetDateTime.class).toInstant()))
            .all()
            .collect(HashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()));
    }

}
