package io.redkeep.realtime.delivery;

import java.util.UUID;

import io.redkeep.realtime.conversation.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The server-to-client frames of spec/realtime.md. */
final class Frames {

    private Frames() {
    }

    static ObjectNode frame(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    static ObjectNode ready(UUID userId, String connectionId) {
        return frame("ready").put("userId", userId.toString()).put("connectionId", connectionId);
    }

    static ObjectNode subscribed(UUID conversationId, long lastSeq) {
        return frame("subscribed").put("conversationId", conversationId.toString()).put("lastSeq", lastSeq);
    }

    static ObjectNode unsubscribed(UUID conversationId) {
        return frame("unsubscribed").put("conversationId", conversationId.toString());
    }

    static ObjectNode ack(Message message) {
        ObjectNode frame = frame("ack").put("clientMsgId", message.clientMsgId());
        frame.set("message", message.toJson());
        return frame;
    }

    static ObjectNode message(Message message) {
        ObjectNode frame = frame("message");
        frame.set("message", message.toJson());
        return frame;
    }

    static ObjectNode typing(String conversationId, String userId) {
        return frame("typing").put("conversationId", conversationId).put("userId", userId);
    }

    static ObjectNode presence(JsonNode data) {
        ObjectNode frame = frame("presence");
        frame.set("userId", data.get("userId"));
        frame.set("online", data.get("online"));
        frame.set("lastSeenAt", data.get("lastSeenAt"));
        return frame;
    }

    static ObjectNode notification(JsonNode notification) {
        ObjectNode frame = frame("notification");
        frame.set("notification", notification);
        return frame;
    }

    static ObjectNode error(String code, String message, String ref) {
        return frame("error").put("code", code).put("message", message).put("ref", ref);
    }

}
