package io.redkeep.analytics.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.redkeep.redis.event.EventEnvelope;
import tools.jackson.databind.JsonNode;

/**
 * A content event as analytics reads it: this service's own copy of the shape of
 * {@code content.*} and {@code task.completed} data (spec/internal.md).
 *
 * @param eventId the envelope id
 * @param userId the owner
 * @param occurredAt when it happened
 * @param action {@code created}, {@code updated}, {@code deleted} or {@code completed}
 * @param kind {@code bookmark}, {@code task}, {@code note} or {@code file}
 * @param itemId the item
 * @param title the item's title, may be {@code null}
 * @param tags the item's tags after the change
 * @param status a task's status, {@code null} for other kinds
 */
public record ContentActivity(UUID eventId, UUID userId, Instant occurredAt, String action, String kind, UUID itemId,
        String title, List<String> tags, String status) {

    static final Set<String> KINDS = Set.of("bookmark", "task", "note", "file");

    /** The UTC day the activity belongs to. */
    public LocalDate day() {
        return LocalDate.ofInstant(this.occurredAt, ZoneOffset.UTC);
    }

    /** Whether the activity counts for a streak (created, updated or completed). */
    public boolean active() {
        return !"deleted".equals(this.action);
    }

    /** The activity of a content event, or {@code null} for other event types. */
    static ContentActivity from(EventEnvelope event) {
        String action = switch (event.type()) {
            case "content.created" -> "created";
            case "content.updated" -> "updated";
            case "content.deleted" -> "deleted";
            case "task.completed" -> "completed";
            default -> null;
        };
        if (action == null) {
            return null;
        }
        JsonNode data = event.data();
        String kind = text(data, "kind");
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("content event without a known kind: " + kind);
        }
        if (event.userId() == null) {
            throw new IllegalArgumentException("content event without a user");
        }
        String id = text(data, "id");
        if (id == null) {
            throw new IllegalArgumentException("content event without an item id");
        }
        Set<String> tags = new LinkedHashSet<>();
        JsonNode tagNode = data.get("tags");
        if (tagNode != null && tagNode.isArray()) {
            for (JsonNode tag : tagNode) {
                if (tag.isString() && !tag.asString().isBlank()) {
                    tags.add(tag.asString());
                }
            }
        }
        return new ContentActivity(UUID.fromString(event.id()), UUID.fromString(event.userId()), event.occurredAt(),
                action, kind, UUID.fromString(id), text(data, "title"), new ArrayList<>(tags), text(data, "status"));
    }

    private static String text(JsonNode data, String field) {
        JsonNode node = data.get(field);
        return (node != null && node.isString()) ? node.asString() : null;
    }

}
