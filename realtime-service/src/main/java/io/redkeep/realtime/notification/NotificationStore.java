package io.redkeep.realtime.notification;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * SQL for notifications: at most one unread {@code message} notification per conversation
 * per member (an upsert on a partial unique index), capped per user.
 */
public class NotificationStore {

    private static final String COLUMNS = "id, type, conversation_id, data, count, created_at, read_at";

    private final DatabaseClient db;

    public NotificationStore(DatabaseClient db) {
        this.db = db;
    }

    /** Adds a message to the member's unread notification of that conversation. */
    public Mono<Notification> upsertMessage(UUID userId, UUID conversationId, String messageJson, UUID newId,
            OffsetDateTime at) {
        return this.db.sql("INSERT INTO notifications (id, user_id, type, conversation_id, data, count, created_at) "
                + "VALUES (:id, :u, 'message', :c, :data, 1, :at) "
                + "ON CONFLICT (user_id, conversation_id) WHERE type = 'message' AND read_at IS NULL "
                + "DO UPDATE SET data = EXCLUDED.data, count = notifications.count + 1, created_at = EXCLUDED.created_at "
                + "RETURNING " + COLUMNS)
            .bind("id", newId)
            .bind("u", userId)
            .bind("c", conversationId)
            .bind("data", messageJson)
            .bind("at", at)
            .map(NotificationStore::notification)
            .one();
    }

    /**
     * As {@link #upsertMessage} for several members in one statement (rows upserted in
     * the order given, so concurrent calls with sorted members lock rows in the same
     * order). Emits each member's notification and whether it was inserted rather than
     * updated (only an insert can take a member past the cap).
     */
    public Flux<Upserted> upsertMessages(List<UUID> userIds, UUID conversationId, String messageJson, List<UUID> newIds,
            OffsetDateTime at) {
        return this.db.sql("INSERT INTO notifications (id, user_id, type, conversation_id, data, count, created_at) "
                + "SELECT t.id, t.u, 'message', :c, :data, 1, :at FROM unnest(:ids, :users) AS t(id, u) "
                + "ON CONFLICT (user_id, conversation_id) WHERE type = 'message' AND read_at IS NULL "
                + "DO UPDATE SET data = EXCLUDED.data, count = notifications.count + 1, created_at = EXCLUDED.created_at "
                + "RETURNING user_id, (xmax = 0) AS inserted, " + COLUMNS)
            .bind("ids", newIds.toArray(UUID[]::new))
            .bind("users", userIds.toArray(UUID[]::new))
            .bind("c", conversationId)
            .bind("data", messageJson)
            .bind("at", at)
            .map((row) -> new Upserted(row.get("user_id", UUID.class), notification(row),
                    Boolean.TRUE.equals(row.get("inserted", Boolean.class))))
            .all();
    }

    /** One member's notification after {@link #upsertMessages}. */
    public record Upserted(UUID userId, Notification notification, boolean inserted) {
    }

    /** Deletes the user's notifications beyond the newest {@code cap}. */
    public Mono<Long> trim(UUID userId, int cap) {
        return this.db
            .sql("DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE user_id = :u "
                    + "ORDER BY created_at DESC, id DESC OFFSET :cap)")
            .bind("u", userId)
            .bind("cap", cap)
            .fetch()
            .rowsUpdated();
    }

    public Flux<Notification> page(UUID userId, OffsetDateTime beforeAt, UUID beforeId, int limit) {
        String keyset = (beforeAt != null) ? "AND (created_at, id) < (:at, :id) " : "";
        DatabaseClient.GenericExecuteSpec spec = this.db
            .sql("SELECT " + COLUMNS + " FROM notifications WHERE user_id = :u " + keyset
                    + "ORDER BY created_at DESC, id DESC LIMIT :limit")
            .bind("u", userId)
            .bind("limit", limit);
        if (beforeAt != null) {
            spec = spec.bind("at", beforeAt).bind("id", beforeId);
        }
        return spec.map(NotificationStore::notification).all();
    }

    public Mono<Long> markRead(UUID userId, List<UUID> ids, OffsetDateTime at) {
        String filter = (ids != null) ? "AND id = ANY(:ids)" : "";
        DatabaseClient.GenericExecuteSpec spec = this.db
            .sql("UPDATE notifications SET read_at = :at WHERE user_id = :u AND read_at IS NULL " + filter)
            .bind("u", userId)
            .bind("at", at);
        if (ids != null) {
            spec = spec.bind("ids", ids.toArray(UUID[]::new));
        }
        return spec.fetch().rowsUpdated();
    }

    private static Notification notification(Readable row) {
        OffsetDateTime readAt = row.get("read_at", OffsetDateTime.class);
        return new Notification(row.get("id", UUID.class), row.get("type", String.class),
                row.get("conversation_id", UUID.class), row.get("data", String.class), row.get("count", Integer.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), (readAt != null) ? readAt.toInstant() : null);
    }

}
