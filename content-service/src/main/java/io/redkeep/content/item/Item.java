package io.redkeep.content.item;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One stored item of any kind: the shared columns plus the kind's own column values.
 *
 * @param kind the item's kind
 * @param id the item id (UUIDv7)
 * @param userId the owner
 * @param values the kind's own column values by column name (may hold {@code null})
 * @param tags normalised tags
 * @param version 1 when created, +1 per PATCH
 * @param createdAt creation time (UTC, milliseconds)
 * @param updatedAt last change (UTC, milliseconds)
 */
public record Item(Kind kind, UUID id, UUID userId, Map<String, Object> values, List<String> tags, int version,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** The strong entity tag of this version. */
    public String etag() {
        return "\"" + this.version + "\"";
    }

    /** The JSON representation of spec/http-api.md. */
    public Map<String, Object> toJson(ItemKind itemKind) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", this.id.toString());
        for (Column column : itemKind.columns()) {
            Object value = this.values.get(column.name());
            json.put(column.field(), (value instanceof OffsetDateTime time) ? Timestamps.format(time) : value);
        }
        json.put("tags", this.tags);
        json.put("version", this.version);
        json.put("createdAt", Timestamps.format(this.createdAt));
        json.put("updatedAt", Timestamps.format(this.updatedAt));
        return json;
    }

}
