package io.redkeep.realtime.delivery;

import java.util.List;
import java.util.UUID;

import io.redkeep.realtime.conversation.Message;
import io.redkeep.realtime.conversation.SentMessageListener;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.RedisPubSub;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Live fan-out across instances on {@code tk:messages:{conversationId}}: stored messages
 * (type {@code message}) and typing signals (type {@code typing}). Lossy by design:
 * subscribers notice a missing seq and catch up from PostgreSQL.
 */
public class MessageFanout implements SentMessageListener {

    static final String MESSAGE = "message";

    static final String TYPING = "typing";

    private final RedisPubSub pubSub;

    private final RedisKeys keys;

    public MessageFanout(RedisPubSub pubSub, RedisKeys keys) {
        this.pubSub = pubSub;
        this.keys = keys;
    }

    String channel(UUID conversationId) {
        return this.keys.key("messages").tag(conversationId.toString()).build();
    }

    @Override
    public Mono<Void> sent(Message message, Mono<List<UUID>> members) {
        return this.pubSub
            .publish(channel(message.conversationId()),
                    EventEnvelope.create(MESSAGE, 1, "realtime-service", message.senderId().toString(), null,
                            message.toJson()))
            .then();
    }

    Mono<Void> typing(UUID conversationId, UUID userId) {
        ObjectNode data = JsonNodeFactory.instance.objectNode()
            .put("conversationId", conversationId.toString())
            .put("userId", userId.toString());
        return this.pubSub
            .publish(channel(conversationId),
                    EventEnvelope.create(TYPING, 1, "realtime-service", userId.toString(), null, data))
            .then();
    }

}
