package io.redkeep.analytics.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.redkeep.redis.event.EventEnvelope;
import tools.jackson.databind.JsonNode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Applies events to the PostgreSQL rollups, one at a time ({@link #apply}) or a whole
 * read at a time ({@link #applyBatch}). The envelope ids are recorded in
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

    /**
     * Applies {@code events} in one transaction with a few multi-row statements: the
     * envelope ids first ({@code insert ... on conflict do nothing returning}), so only
     * the events new to PostgreSQL change anything, then their activity rows, the rollup
     * increments summed per (user, day, kind), the items and the tag uses. Events of the
     * same item are applied in their order (one statement per "round" of an item's
     * events), so the result equals applying the events one by one. Fails as a whole; the
     * caller then falls back to {@link #apply} per event.
     */
    public Mono<Void> applyBatch(List<EventEnvelope> events) {
        return Mono.defer(() -> {
            Map<String, EventEnvelope> unique = new LinkedHashMap<>();
            for (EventEnvelope event : events) {
                unique.putIfAbsent(event.id(), event);
            }
            List<EventEnvelope> list = List.copyOf(unique.values());
            if (list.isEmpty()) {
                return Mono.empty();
            }
            Mono<Void> work = recordProcessed(list).flatMap((fresh) -> {
                List<EventEnvelope> applied = list.stream().filter((e) -> fresh.contains(e.id())).toList();
                return applyFresh(applied);
            });
            return this.transactions.transactional(work);
        });
    }

    private Mono<Set<String>> recordProcessed(List<EventEnvelope> events) {
        int n = events.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] users = new String[n];
        String[] ats = new String[n];
        for (int i = 0; i < n; i++) {
            EventEnvelope event = events.get(i);
            ids[i] = UUID.fromString(event.id()).toString();
            types[i] = event.type();
            users[i] = (event.userId() != null) ? UUID.fromString(event.userId()).toString() : "";
            ats[i] = event.occurredAt().toString();
        }
        return this.db
            .sql("insert into processed_event (event_id, type, user_id, occurred_at) "
                    + "select cast(i as uuid), t, cast(nullif(u, '') as uuid), cast(a as timestamptz) "
                    + "from unnest(cast(:ids as text[]), cast(:types as text[]), cast(:users as text[]), "
                    + "cast(:ats as text[])) as x(i, t, u, a) on conflict (event_id) do nothing returning event_id")
            .bind("ids", ids)
            .bind("types", types)
            .bind("users", users)
            .bind("ats", ats)
            .map((row, meta) -> row.get("event_id", UUID.class).toString())
            .all()
            .collect(Collectors.toSet());
    }

    private Mono<Void> applyFresh(List<EventEnvelope> events) {
        List<ContentActivity> activities = new ArrayList<>();
        List<EventEnvelope> users = new ArrayList<>();
        for (EventEnvelope event : events) {
            ContentActivity activity = ContentActivity.from(event);
            if (activity != null) {
                activities.add(activity);
            }
            else if ("user.registered".equals(event.type()) || "user.updated".equals(event.type())) {
                users.add(event);
            }
        }
        if (activities.isEmpty()) {
            return Flux.fromIterable(users).concatMap(this::applyUser).then();
        }
        Map<TagUse, Integer> tagUses = new HashMap<>();
        return insertActivities(activities).then(rollups(activities))
            .then(Flux.fromIterable(rounds(activities)).concatMap((round) -> applyRound(round, tagUses)).then())
            .then(Mono.defer(() -> countTags(tagUses)))
            .then(Flux.fromIterable(users).concatMap(this::applyUser).then());
    }

    private Mono<Void> insertActivities(List<ContentActivity> activities) {
        int n = activities.size();
        String[][] columns = new String[6][n];
        for (int i = 0; i < n; i++) {
            ContentActivity a = activities.get(i);
            columns[0][i] = a.eventId().toString();
            columns[1][i] = a.userId().toString();
            columns[2][i] = a.occurredAt().toString();
            columns[3][i] = a.action();
            columns[4][i] = a.kind();
            columns[5][i] = a.itemId().toString();
        }
        return bindColumns(this.db.sql("insert into activity (event_id, user_id, occurred_at, action, kind, item_id) "
                + "select cast(e as uuid), cast(u as uuid), cast(a as timestamptz), ac, k, cast(it as uuid) "
                + "from unnest(cast(:e as text[]), cast(:u as text[]), cast(:a as text[]), cast(:ac as text[]), "
                + "cast(:k as text[]), cast(:it as text[])) as x(e, u, a, ac, k, it)"), columns, "e", "u", "a", "ac",
                "k", "it")
            .then();
    }

    private Mono<Void> rollups(List<ContentActivity> activities) {
        // Summed per (user, day, kind): a multi-row upsert may touch each row once only.
        Map<List<Object>, int[]> sums = new LinkedHashMap<>();
        for (ContentActivity a : activities) {
            int[] counts = sums.computeIfAbsent(List.of(a.userId(), a.day(), a.kind()), (key) -> new int[4]);
            counts[switch (a.action()) {
                case "created" -> 0;
                case "updated" -> 1;
                case "deleted" -> 2;
                default -> 3;
            }]++;
        }
        int n = sums.size();
        String[][] columns = new String[7][n];
        int i = 0;
        for (Map.Entry<List<Object>, int[]> sum : sums.entrySet()) {
            columns[0][i] = sum.getKey().get(0).toString();
            columns[1][i] = sum.getKey().get(1).toString();
            columns[2][i] = sum.getKey().get(2).toString();
            for (int c = 0; c < 4; c++) {
                columns[3 + c][i] = Integer.toString(sum.getValue()[c]);
            }
            i++;
        }
        return bindColumns(this.db
            .sql("insert into daily_rollup (user_id, day, kind, created, updated, deleted, completed) "
                    + "select cast(u as uuid), cast(d as date), k, cast(c as integer), cast(up as integer), "
                    + "cast(de as integer), cast(co as integer) from unnest(cast(:u as text[]), cast(:d as text[]), "
                    + "cast(:k as text[]), cast(:c as text[]), cast(:up as text[]), cast(:de as text[]), "
                    + "cast(:co as text[])) as x(u, d, k, c, up, de, co) "
                    + "on conflict (user_id, day, kind) do update set created = daily_rollup.created + excluded.created, "
                    + "updated = daily_rollup.updated + excluded.updated, "
                    + "deleted = daily_rollup.deleted + excluded.deleted, "
                    + "completed = daily_rollup.completed + excluded.completed"),
                columns, "u", "d", "k", "c", "up", "de", "co")
            .then();
    }

    /**
     * Binds the text arrays of a multi-row {@code unnest(...)} statement:
     * {@code columns[i]} as the parameter {@code names[i]}.
     */
    private static GenericExecuteSpec bindColumns(GenericExecuteSpec statement, String[][] columns, String... names) {
        GenericExecuteSpec bound = statement;
        for (int i = 0; i < names.length; i++) {
            bound = bound.bind(names[i], columns[i]);
        }
        return bound;
    }

    /**
     * Round {@code k} holds the {@code k}-th activity of every item in the batch, so a
     * round touches each item once and rounds run in order.
     */
    static List<List<ContentActivity>> rounds(List<ContentActivity> activities) {
        Map<UUID, Integer> seen = new HashMap<>();
        List<List<ContentActivity>> rounds = new ArrayList<>();
        for (ContentActivity a : activities) {
            int k = seen.merge(a.itemId(), 1, Integer::sum) - 1;
            if (rounds.size() <= k) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(k).add(a);
        }
        return rounds;
    }

    private Mono<Void> applyRound(List<ContentActivity> round, Map<TagUse, Integer> tagUses) {
        List<UUID> updated = round.stream()
            .filter((a) -> "updated".equals(a.action()) && !a.tags().isEmpty())
            .map(ContentActivity::itemId)
            .toList();
        Mono<Map<UUID, List<String>>> before = updated.isEmpty() ? Mono.just(Map.of()) : this.db
            .sql("select item_id, tags from item where item_id = any(:items)")
            .bind("items", updated.toArray(UUID[]::new))
            .map((row, meta) -> Map.entry(row.get("item_id", UUID.class), List.of(row.get("tags", String[].class))))
            .all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return before.flatMap((tags) -> {
            for (ContentActivity a : round) {
                for (String tag : newTags(a, tags.get(a.itemId()))) {
                    tagUses.merge(new TagUse(a.occurredAt().truncatedTo(ChronoUnit.HOURS), tag, a.userId()), 1,
                            Integer::sum);
                }
            }
            List<ContentActivity> deleted = round.stream().filter((a) -> "deleted".equals(a.action())).toList();
            List<ContentActivity> shaped = round.stream().filter((a) -> !"deleted".equals(a.action())).toList();
            List<ContentActivity> created = round.stream().filter((a) -> "created".equals(a.action())).toList();
            return upsertItems(deleted, true).then(upsertItems(shaped, false)).then(earliestCreation(created));
        });
    }

    /**
     * {@link #newTags(ContentActivity)} given the item's tags before (null: unknown
     * item).
     */
    private static List<String> newTags(ContentActivity a, List<String> before) {
        if (a.tags().isEmpty() || "deleted".equals(a.action()) || "completed".equals(a.action())) {
            return List.of();
        }
        if ("created".equals(a.action()) || before == null) {
            return a.tags();
        }
        List<String> added = new ArrayList<>(a.tags());
        added.removeAll(before);
        return added;
    }

    private Mono<Void> upsertItems(List<ContentActivity> items, boolean deleted) {
        if (items.isEmpty()) {
            return Mono.empty();
        }
        int n = items.size();
        String[][] columns = new String[7][n];
        for (int i = 0; i < n; i++) {
            ContentActivity a = items.get(i);
            columns[0][i] = a.itemId().toString();
            columns[1][i] = a.userId().toString();
            columns[2][i] = a.kind();
            columns[3][i] = (a.title() != null) ? a.title() : "";
            columns[4][i] = arrayLiteral(a.tags());
            columns[5][i] = (a.status() != null) ? a.status() : "";
            columns[6][i] = a.occurredAt().toString();
        }
        String select = "select cast(it as uuid), cast(u as uuid), k, ti, cast(tg as text[]), st, "
                + "cast(a as timestamptz), cast(a as timestamptz), " + (deleted ? "cast(a as timestamptz), " : "")
                + "cast(a as timestamptz) from unnest(cast(:it as text[]), cast(:u as text[]), cast(:k as text[]), "
                + "cast(:ti as text[]), cast(:tg as text[]), cast(:st as text[]), cast(:a as text[])) "
                + "as x(it, u, k, ti, tg, st, a) ";
        String sql = deleted
                ? "insert into item (item_id, user_id, kind, title, tags, status, created_at, updated_at, deleted_at, "
                        + "last_event_at) " + select + "on conflict (item_id) do update set deleted_at = "
                        + "coalesce(item.deleted_at, excluded.deleted_at)"
                // A redelivered older event never rolls the item back (last_event_at
                // guard).
                : "insert into item (item_id, user_id, kind, title, tags, status, created_at, updated_at, "
                        + "last_event_at) " + select + "on conflict (item_id) do update set title = excluded.title, "
                        + "tags = excluded.tags, status = coalesce(nullif(excluded.status, ''), item.status), "
                        + "updated_at = excluded.updated_at, last_event_at = excluded.last_event_at "
                        + "where item.last_event_at <= excluded.last_event_at";
        return bindColumns(this.db.sql(sql), columns, "it", "u", "k", "ti", "tg", "st", "a").then();
    }

    private Mono<Void> earliestCreation(List<ContentActivity> created) {
        if (created.isEmpty()) {
            return Mono.empty();
        }
        return this.db
            .sql("update item set created_at = least(item.created_at, cast(x.a as timestamptz)) "
                    + "from unnest(cast(:it as text[]), cast(:a as text[])) as x(it, a) "
                    + "where item.item_id = cast(x.it as uuid)")
            .bind("it", created.stream().map((a) -> a.itemId().toString()).toArray(String[]::new))
            .bind("a", created.stream().map((a) -> a.occurredAt().toString()).toArray(String[]::new))
            .then();
    }

    private Mono<Void> countTags(Map<TagUse, Integer> uses) {
        if (uses.isEmpty()) {
            return Mono.empty();
        }
        int n = uses.size();
        String[][] columns = new String[4][n];
        int i = 0;
        for (Map.Entry<TagUse, Integer> use : uses.entrySet()) {
            columns[0][i] = use.getKey().hour().toString();
            columns[1][i] = use.getKey().tag();
            columns[2][i] = use.getKey().userId().toString();
            columns[3][i] = use.getValue().toString();
            i++;
        }
        return bindColumns(this.db
            .sql("insert into tag_usage (hour, tag, user_id, uses) select cast(h as timestamptz), t, cast(u as uuid), "
                    + "cast(n as integer) from unnest(cast(:h as text[]), cast(:t as text[]), cast(:u as text[]), "
                    + "cast(:n as text[])) as x(h, t, u, n) "
                    + "on conflict (hour, tag, user_id) do update set uses = tag_usage.uses + excluded.uses"),
                columns, "h", "t", "u", "n")
            .then();
    }

    /** A PostgreSQL array literal of {@code values}, each quoted and escaped. */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    private record TagUse(Instant hour, String tag, UUID userId) {

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
