package io.redkeep.analytics.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.redkeep.redis.event.EventEnvelope;
import tools.jackson.databind.JsonNode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Applies one event to the PostgreSQL rollups. The envelope id is recorded in
 * {@code processed_event} in the same transaction as the rollup changes, so an event
 * delivered twice changes the rollups once.
 */
public class EventApplier {

    private final DatabaseClient db;

    private final TransactionalOperator transactions;

    public EventApplier(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    /**
     * Applies {@code event}; completes with {@code true} when it was new, {@code false}
     * when it had been applied before (nothing changed).
     */
    public Mono<Boolean> apply(EventEnvelope event) {
        return Mono.defer(() -> {
            ContentActivity activity = ContentActivity.from(event);
            Mono<Boolean> work = recordProcessed(event).flatMap((fresh) -> {
                if (!fresh) {
                    return Mono.just(false);
                }
                return applyBody(event, activity).thenReturn(true);
            });
            return this.transactions.transactional(work);
        });
    }

    private Mono<Boolean> recordProcessed(EventEnvelope event) {
        GenericExecuteSpec spec = this.db
            .sql("insert into processed_event (event_id, type, user_id, occurred_at) values (:id, :type, :user, :at) "
                    + "on conflict (event_id) do nothing")
            .bind("id", UUID.fromString(event.id()))
            .bind("type", event.type())
            .bind("at", event.occurredAt().atOffset(ZoneOffset.UTC));
        spec = (event.userId() != null) ? spec.bind("user", UUID.fromString(event.userId()))
                : spec.bindNull("user", UUID.class);
        return spec.fetch().rowsUpdated().map((rows) -> rows > 0);
    }

    private Mono<Void> applyBody(EventEnvelope event, ContentActivity activity) {
        if (activity != null) {
            return applyContent(activity);
        }
        if ("user.registered".equals(event.type()) || "user.updated".equals(event.type())) {
            return applyUser(event);
        }
        // Other events (logins, sessions, conversations, messages) are recorded as
        // processed only: nothing the dashboards show depends on them yet.
        return Mono.empty();
    }

    private Mono<Void> applyContent(ContentActivity activity) {
        return insertActivity(activity).then(rollup(activity))
            .then(newTags(activity).flatMap((tags) -> countTags(activity, tags)))
            .then(shapeItem(activity));
    }

    private Mono<Void> insertActivity(ContentActivity a) {
        return this.db
            .sql("insert into activity (event_id, user_id, occurred_at, action, kind, item_id) "
                    + "values (:id, :user, :at, :action, :kind, :item)")
            .bind("id", a.eventId())
            .bind("user", a.userId())
            .bind("at", a.occurredAt().atOffset(ZoneOffset.UTC))
            .bind("action", a.action())
            .bind("kind", a.kind())
            .bind("item", a.itemId())
            .then();
    }

    private Mono<Void> rollup(ContentActivity a) {
        // The column name comes from the closed set of actions, never from input.
        String column = a.action();
        return this.db
            .sql("insert into daily_rollup (user_id, day, kind, " + column + ") values (:user, :day, :kind, 1) "
                    + "on conflict (user_id, day, kind) do update set " + column + " = daily_rollup." + column + " + 1")
            .bind("user", a.userId())
            .bind("day", a.day())
            .bind("kind", a.kind())
            .then();
    }

    /**
     * Tags this activity uses: every tag of a created item, and on updates only tags the
     * item did not carry before (editing a note ten times is not ten uses of its tags).
     */
    private Mono<List<String>> newTags(ContentActivity a) {
        if (a.tags().isEmpty() || "deleted".equals(a.action()) || "completed".equals(a.action())) {
            return Mono.just(List.of());
        }
        if ("created".equals(a.action())) {
            return Mono.just(a.tags());
        }
        return this.db.sql("select tags from item where item_id = :item")
            .bind("item", a.itemId())
            .map((row, meta) -> row.get("tags", String[].class))
            .one()
            .map((before) -> {
                List<String> added = new ArrayList<>(a.tags());
                added.removeAll(List.of(before));
                return added;
            })
            .defaultIfEmpty(a.tags());
    }

    private Mono<Void> countTags(ContentActivity a, List<String> tags) {
        Instant hour = a.occurredAt().truncatedTo(ChronoUnit.HOURS);
        return Flux.fromIterable(tags)
            .concatMap((tag) -> this.db
                .sql("insert into tag_usage (hour, tag, user_id, uses) values (:hour, :tag, :user, 1) "
                        + "on conflict (hour, tag, user_id) do update set uses = tag_usage.uses + 1")
                .bind("hour", hour.atOffset(ZoneOffset.UTC))
                .bind("tag", tag)
                .bind("user", a.userId())
                .then())
            .then();
    }

    private Mono<Void> shapeItem(ContentActivity a) {
        if ("deleted".equals(a.action())) {
            return this.db
                .sql("insert into item (item_id, user_id, kind, title, tags, status, created_at, updated_at, "
                        + "deleted_at, last_event_at) values (:item, :user, :kind, :title, :tags, :status, :at, :at, "
                        + ":at, :at) on conflict (item_id) do update set deleted_at = "
                        + "coalesce(item.deleted_at, excluded.deleted_at)")
                .bind("item", a.itemId())
                .bind("user", a.userId())
                .bind("kind", a.kind())
                .bind("tags", a.tags().toArray(String[]::new))
                .bind("at", a.occurredAt().atOffset(ZoneOffset.UTC))
                .bind("title", (a.title() != null) ? a.title() : "")
                .bind("status", (a.status() != null) ? a.status() : "")
                .then();
        }
        // A redelivered older event never rolls the item back (last_event_at guard).
        Mono<Void> upsert = this.db
            .sql("insert into item (item_id, user_id, kind, title, tags, status, created_at, updated_at, "
                    + "last_event_at) values (:item, :user, :kind, :title, :tags, :status, :at, :at, :at) "
                    + "on conflict (item_id) do update set title = excluded.title, tags = excluded.tags, "
                    + "status = coalesce(nullif(excluded.status, ''), item.status), updated_at = excluded.updated_at, "
                    + "last_event_at = excluded.last_event_at where item.last_event_at <= excluded.last_event_at")
            .bind("item", a.itemId())
            .bind("user", a.userId())
            .bind("kind", a.kind())
            .bind("title", (a.title() != null) ? a.title() : "")
            .bind("tags", a.tags().toArray(String[]::new))
            .bind("status", (a.status() != null) ? a.status() : "")
            .bind("at", a.occurredAt().atOffset(ZoneOffset.UTC))
            .then();
        if (!"created".equals(a.action())) {
            return upsert;
        }
        return upsert.then(this.db.sql("update item set created_at = least(created_at, :at) where item_id = :item")
            .bind("at", a.occurredAt().atOffset(ZoneOffset.UTC))
            .bind("item", a.itemId())
            .then());
    }

    private Mono<Void> applyUser(EventEnvelope event) {
        JsonNode name = event.data().get("displayName");
        String userId = (event.userId() != null) ? event.userId()
                : (event.data().get("userId") != null) ? event.data().get("userId").asString() : null;
        if (name == null || !name.isString() || userId == null) {
            return Mono.empty();
        }
        return this.db
            .sql("insert into user_profile (user_id, display_name, updated_at) values (:user, :name, :at) "
                    + "on conflict (user_id) do update set display_name = excluded.display_name, "
                    + "updated_at = excluded.updated_at where user_profile.updated_at <= excluded.updated_at")
            .bind("user", UUID.fromString(userId))
            .bind("name", name.asString())
            .bind("at", event.occurredAt().atOffset(ZoneOffset.UTC))
            .then();
    }

}
