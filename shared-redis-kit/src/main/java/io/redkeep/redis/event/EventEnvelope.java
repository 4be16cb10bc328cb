package io.redkeep.redis.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The event envelope of spec/internal.md, shared by streams and pub/sub. Each service
 * owns the shape of its own {@code data}; this record only fixes the frame around it.
 *
 * @param id UUIDv7 text, so ids sort by creation time
 * @param type dotted event type, e.g. {@code content.created}
 * @param version schema version of {@code data}, from 1
 * @param occurredAt when the event happened (millisecond precision on the wire)
 * @param source the emitting service, e.g. {@code content-service}
 * @param userId the acting or owning user, {@code null} for system events
 * @param traceparent W3C trace context of the request that caused it, may be {@code null}
 * @param data the event body, always a JSON object
 */
public record EventEnvelope(String id, String type, int version, Instant occurredAt, String source, String userId,
        String traceparent, JsonNode data) {

    public EventEnvelope {
        requireText(id, "id");
        try {
            UUID.fromString(id);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidEventException("id must be a UUID: " + id, ex);
        }
        requireText(type, "type");
        if (version < 1) {
            throw new InvalidEventException("version must be at least 1", null);
        }
        if (occurredAt == null) {
            throw new InvalidEventException("occurredAt is required", null);
        }
        requireText(source, "source");
        if (data == null || !data.isObject()) {
            throw new InvalidEventException("data must be a JSON object", null);
        }
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * A new event with a fresh UUIDv7 id occurring now.
     */
    public static EventEnvelope create(String type, int version, String source, String userId, String traceparent,
            JsonNode data) {
        return new EventEnvelope(EventIds.next(), type, version, Instant.now(), source, userId, traceparent,
                (data != null) ? data : JsonNodeFactory.instance.objectNode());
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(name + " is required", null);
        }
    }

}
