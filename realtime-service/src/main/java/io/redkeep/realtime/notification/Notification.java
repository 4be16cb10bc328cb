package io.redkeep.realtime.notification;

import java.time.Instant;
import java.util.UUID;

import io.redkeep.realtime.conversation.Message;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored notification; {@code message} notifications aggregate every unread message of
 * one conversation.
 *
 * @param id the id
 * @param type {@code message}
 * @param conversationId the conversation of a {@code message} notification
 * @param messageJson the latest message as JSON
 * @param count how many messages it stands for
 * @param createdAt when it was last updated
 * @param readAt when it was marked read, or {@code null}
 */
public record Notification(UUID id, String type, UUID conversationId, String messageJson, int count, Instant createdAt,
        Instant readAt) {

    /** {@code {id, type, data, createdAt, readAt}} of spec/http-api.md. */
    public ObjectNode toJson(JsonMapper mapper) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", this.id.toString());
        node.put("type", this.type);
        ObjectNode data = node.putObject("data");
        data.put("conversationId", (this.conversationId != null) ? this.conversationId.toString() : null);
        data.set("message", mapper.readTree(this.messageJson));
        data.put("count", this.count);
        node.put("createdAt", Message.timestamp(this.createdAt));
        node.put("readAt", Message.timestamp(this.readAt));
        return node;
    }

}
