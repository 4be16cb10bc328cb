package io.redkeep.realtime.delivery;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.redkeep.realtime.conversation.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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

    /**
     * The text of the {@code message} frame for a live pub/sub payload
     * ({@link Message#toJson()} as published), serialized once per payload however many
     * connections of this instance deliver it: every subscriber of a channel receives the
     * same payload object, which keys a small identity cache.
     */
    static String liveMessage(JsonNode data, JsonMapper mapper) {
        int slot = (System.identityHashCode(data) & 0x7fffffff) % LIVE_CACHE_SLOTS;
        LiveFrame cached = LIVE_CACHE.get(slot);
        if (cached != null && cached.data() == data) {
            return cached.text();
        }
        ObjectNode frame = frame("message");
        frame.set("message", data);
        String text = mapper.writeValueAsString(frame);
        LIVE_CACHE.set(slot, new LiveFrame(data, text));
        return text;
    }

    private static final int LIVE_CACHE_SLOTS = 1024;

    private static final AtomicReferenceArray<LiveFrame> LIVE_CACHE = new AtomicReferenceArray<>(LIVE_CACHE_SLOTS);

    private record LiveFrame(JsonNode data, String text) {
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
