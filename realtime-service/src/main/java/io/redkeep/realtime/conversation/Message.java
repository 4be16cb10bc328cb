package io.redkeep.realtime.conversation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One stored chat message (spec/http-api.md, "message"); {@code seq} is 1, 2, 3... per
 * conversation with no gaps.
 */
public record Message(UUID id, UUID conversationId, long seq, UUID senderId, String body, String clientMsgId,
        Instant createdAt) {

    /** RFC 3339 in UTC with exactly three fractional digits. */
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", this.id.toString());
        node.put("conversationId", this.conversationId.toString());
        node.put("seq", this.seq);
        node.put("senderId", this.senderId.toString());
        node.put("body", this.body);
        node.put("clientMsgId", this.clientMsgId);
        node.put("createdAt", TIMESTAMP.format(this.createdAt));
        return node;
    }

    /** Reads what {@link #toJson()} wrote (a pub/sub payload from any instance). */
    public static Message fromJson(JsonNode node) {
        return new Message(UUID.fromString(node.get("id").asString()),
                UUID.fromString(node.get("conversationId").asString()), node.get("seq").asLong(),
                UUID.fromString(node.get("senderId").asString()), node.get("body").asString(),
                node.get("clientMsgId").asString(),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(node.get("createdAt").asString(), Instant::from));
    }

    public static String timestamp(Instant instant) {
        return (instant != null) ? TIMESTAMP.format(instant) : null;
    }

}
