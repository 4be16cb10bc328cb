package io.redkeep.content.item;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * SQL for items of every kind. Table and column names come from {@link ItemKind}
 * constants only; every value is a bind parameter. Every statement is scoped by
 * {@code user_id}, so another user's item is simply not found.
 */
public class ItemStore {

    private final DatabaseClient db;

    public ItemStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Item> insert(ItemKind kind, Item item) {
        List<String> names = kind.columns().stream().map(Column::name).toList();
        String sql = "INSERT INTO " + kind.kind().table() + " (id, user_id, "
                + names.stream().map((name) -> name + ", ").collect(Collectors.joining())
                + "tags, version, created_at, updated_at) VALUES (:id, :user_id, "
                + names.stream().map((name) -> ":c_" + name + ", ").collect(Collectors.joining())
                + ":tags, 1, :created_at, :updated_at) RETURNING " + selectList(kind);
        GenericExecuteSpec spec = this.db.sql(sql)
            .bind("id", item.id())
            .bind("user_id", item.userId())
            .bind("tags", item.tags().toArray(String[]::new))
            .bind("created_at", item.createdAt())
            .bind("updated_at", item.updatedAt());
        for (Column column : kind.columns()) {
            spec = bindValue(spec, "c_" + column.name(), column, item.values().get(column.name()));
        }
        return spec.map((row) -> read(kind, row)).one();
    }

    public Mono<Item> find(ItemKind kind, UUID userId, UUID id) {
        return this.db
            .sql("SELECT " + selectList(kind) + " FROM " + kind.kind().table() + " WHERE id = :id AND user_id = :user")
            .bind("id", id)
            .bind("user", userId)
            .map((row) -> read(kind, row))
            .one();
    }

    /** As {@link #find} holding a row lock until the transaction ends. */
    public Mono<Item> lock(ItemKind kind, UUID userId, UUID id) {
        return this.db
            .sql("SELECT " + selectList(kind) + " FROM " + kind.kind().table()
                    + " WHERE id = :id AND user_id = :user FOR UPDATE")
            .bind("id", id)
            .bind("user", userId)
            .map((row) -> read(kind, row))
            .one();
    }

    /** Applies {@code changes} (column name to value), bumps the version. */
    public Mono<Item> update(ItemKind kind, Item current, Map<String, Object> changes, List<String> tags,
            OffsetDateTime now) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(kind.kind().table())
            .append(" SET version = version + 1, updated_at = :updated_at");
        for (Column column : kind.columns()) {
            if (changes.containsKey(column.name())) {
                sql.append(", ").append(column.name()).append(" = :c_").append(column.name());
            }
        }
        if (tags != null) {
            sql.append(", tags = :tags");
        }
        sql.append(" WHERE id = :id AND user_id = :user RETURNING ").append(selectList(kind));
        GenericExecuteSpec spec = this.db.sql(sql.toString())
            .bind("updated_at", now)
            .bind("id", current.id())
            .bind("user", current.userId());
        for (Column column : kind.columns()) {
            if (changes.containsKey(column.name())) {
                spec = bindValue(spec, "c_" + column.name(), column, changes.get(column.name()));
            }
        }
        if (tags != null) {
            spec = spec.bind("tags", tags.toArray(String[]::new));
        }
        return spec.map((row) -> read(kind, row)).one();
    }

    public Mono<Item> delete(ItemKind kind, UUID userId, UUID id) {
        return this.db
            .sql("DELETE FROM " + kind.kind().table() + " WHERE id = :id AND user_id = :user RETURNING "
                    + selectList(kind))
            .bind("id", id)
            .bind("user", userId)
            .map((row) -> read(kind, row))
            .one();
    }

    /**
     * One page, newest first, strictly after {@code cursor}; asks for {@code limit + 1}
     * rows so the caller knows whether another page follows.
     */
    public Flux<Item> list(ItemKind kind, UUID userId, ListFilter filter, int limit, PageCursor cursor) {
        StringBuilder sql = new StringBuilder("SELECT ").append(selectList(kind))
            .append(" FROM ")
            .append(kind.kind().table())
            .append(" WHERE user_id = :user");
        if (filter.tag() != null) {
            sql.append(" AND tags @> :tags");
        }
        if (filter.status() != null) {
            sql.append(" AND status = :status");
        }
        if (cursor != null) {
            sql.append(" AND (created_at, id) < (:cursor_at, :cursor_id)");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        GenericExecuteSpec spec = this.db.sql(sql.toString()).bind("user", userId).bind("limit", limit + 1);
        if (filter.tag() != null) {
            spec = spec.bind("tags", new String[] { filter.tag() });
        }
        if (filter.status() != null) {
            spec = spec.bind("status", filter.status());
        }
        if (cursor != null) {
            spec = spec.bind("cursor_at", cursor.createdAt()).bind("cursor_id", cursor.id());
        }
        return spec.map((row) -> read(kind, row)).all();
    }

    private static GenericExecuteSpec bindValue(GenericExecuteSpec spec, String name, Column column, Object value) {
        return (value != null) ? spec.bind(name, value) : spec.bindNull(name, column.type().javaType());
    }

    private static String selectList(ItemKind kind) {
        return "id, user_id, "
                + kind.columns().stream().map((column) -> column.name() + ", ").collect(Collectors.joining())
                + "tags, version, created_at, updated_at";
    }

    private static Item read(ItemKind kind, Readable row) {
        Map<String, Object> values = new HashMap<>();
        for (Column column : kind.columns()) {
            Object value = row.get(column.name(), column.type().javaType());
            if (value instanceof OffsetDateTime time) {
                value = time.withOffsetSameInstant(ZoneOffset.UTC);
            }
            values.put(column.name(), value);
        }
        String[] tags = row.get("tags", String[].class);
        return new Item(kind.kind(), row.get("id", UUID.class), row.get("user_id", UUID.class), values,
                (tags != null) ? List.copyOf(Arrays.asList(tags)) : List.of(), row.get("version", Integer.class),
                utc(row.get("created_at", OffsetDateTime.class)), utc(row.get("updated_at", OffsetDateTime.class)));
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /**
     * Filters of a list request.
     *
     * @param tag required tag, or {@code null}
     * @param status required task status, or {@code null}
     */
    public record ListFilter(String tag, String status) {

    }

}
