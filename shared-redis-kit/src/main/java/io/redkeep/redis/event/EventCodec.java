package io.redkeep.redis.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@link EventEnvelope} JSON exactly as spec/internal.md shows it, and
 * nothing else: unknown or duplicate fields, wrong types and missing required fields are
 * rejected with {@link InvalidEventException}. All eight fields are always written
 * ({@code userId} and {@code traceparent} as {@code null} when absent);
 * {@code occurredAt} is written as UTC with milliseconds, any ISO-8601 instant is read.
 */
public final class EventCodec {

    private static final Set<String> FIELDS = Set.of("id", "type", "version", "occurredAt", "source", "userId",
            "traceparent", "data");

    private static final DateTimeFormatter OCCURRED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    private final JsonMapper mapper;

    public EventCodec() {
        this(JsonMapper.builder().build());
    }

    /**
     * Uses {@code mapper} (typically the application's) for {@code data} conversion;
     * envelope parsing always detects duplicate fields.
     */
    public EventCodec(JsonMapper mapper) {
        this.mapper = mapper.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    public String encode(EventEnvelope envelope) {
        ObjectNode node = this.mapper.createObjectNode();
        node.put("id", envelope.id());
        node.put("type", envelope.type());
        node.put("version", envelope.version());
        node.put("occurredAt", OCCURRED_AT.format(envelope.occurredAt()));
        node.put("source", envelope.source());
        node.put("userId", envelope.userId());
        node.put("traceparent", envelope.traceparent());
        node.set("data", envelope.data());
        return this.mapper.writeValueAsString(node);
    }

    public EventEnvelope decode(String json) {
        JsonNode node;
        try {
            node = this.mapper.readTree(json);
        }
        catch (JacksonException ex) {
            throw new InvalidEventException("event is not valid JSON: " + ex.getOriginalMessage(), ex);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException("event must be a JSON object", null);
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new InvalidEventException("unknown event field: " + name, null);
            }
        }
        JsonNode version = node.get("version");
        if (version == null || !version.isInt()) {
            throw new InvalidEventException("version must be an integer", null);
        }
        return new EventEnvelope(text(node, "id", true), text(node, "type", true), version.intValue(),
                instant(text(node, "occurredAt", true)), text(node, "source", true), text(node, "userId", false),
                text(node, "traceparent", false), node.get("data"));
    }

    /** Converts a service's own event body to the envelope's {@code data}. */
    public ObjectNode toData(Object body) {
        JsonNode node = this.mapper.valueToTree(body);
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidEventException("event data must serialize to a JSON object", null);
        }
        return object;
    }

    /** Reads an envelope's {@code data} as the receiving service's own type. */
    public <T> T fromData(EventEnvelope envelope, Class<T> type) {
        try {
            return this.mapper.treeToValue(envelope.data(), type);
        }
        catch (JacksonException ex) {
            throw new InvalidEventException("event data does not match " + type.getSimpleName(), ex);
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidEventException(field + " is required", null);
            }
            return null;
        }
        if (!value.isString()) {
            throw new InvalidEventException(field + " must be a string", null);
        }
        return value.asString();
    }

    private static Instant instant(String text) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        }
        catch (DateTimeParseException ex) {
            throw new InvalidEventException("occurredAt must be an ISO-8601 instant: " + text, ex);
        }
    }

}
