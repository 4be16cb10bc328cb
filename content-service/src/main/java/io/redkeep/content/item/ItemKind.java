package io.redkeep.content.item;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * What differs between bookmarks, tasks, notes and files: their columns, how a request
 * body becomes column values, and which extra events a change raises. Everything else
 * (ids, tags, versions, paging, ownership, events, cache invalidation) is shared.
 */
public interface ItemKind {

    Kind kind();

    /** The kind's own columns, in JSON output order. */
    List<Column> columns();

    /** The column used as the item's title in events and search results. */
    String titleColumn();

    /**
     * Column values of a new item, every column present (defaults filled in). Field
     * errors go to {@code reader}; the caller throws once all fields are read.
     */
    Map<String, Object> parseCreate(FieldReader reader);

    /** Column changes named by a PATCH body; only the fields present. */
    Map<String, Object> parsePatch(FieldReader reader);

    /**
     * Adds changes that follow from {@code changes} applied to {@code current} (for
     * example a task's {@code completed_at}); {@code now} is the write time.
     */
    default void derive(Map<String, Object> current, Map<String, Object> changes, OffsetDateTime now) {
    }

    /** Extra event data beyond kind, id, title and tags. */
    default void describe(Map<String, Object> values, Map<String, Object> data) {
    }

    /** Event types raised besides {@code content.created/updated}. */
    default List<String> extraEvents(Map<String, Object> before, Map<String, Object> after) {
        return List.of();
    }

    /** Work after a delete committed (a file's blob is collected); must not fail. */
    default Mono<Void> afterDelete(Item deleted) {
        return Mono.empty();
    }

}
