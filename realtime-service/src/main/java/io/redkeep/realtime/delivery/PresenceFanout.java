package io.redkeep.realtime.delivery;

import java.util.UUID;

import io.redkeep.realtime.conversation.ConversationService;
import io.redkeep.realtime.conversation.Fields;
import io.redkeep.realtime.presence.PresenceTracker;
import io.redkeep.redis.pubsub.ChannelSignal;
import io.redkeep.redis.pubsub.RedisPubSub;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.context.SmartLifecycle;

/**
 * Delivers presence transitions from {@code tk:presence} to this instance's connections
 * of users who share a conversation with the user whose presence changed.
 */
class PresenceFanout implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(PresenceFanout.class);

    private final RedisPubSub pubSub;

    private final PresenceTracker presence;

    private final ConversationService conversations;

    private final ConnectionRegistry registry;

    private volatile Disposable subscription;

    PresenceFanout(RedisPubSub pubSub, PresenceTracker presence, ConversationService conversations,
            ConnectionRegistry registry) {
        this.pubSub = pubSub;
        this.presence = presence;
        this.conversations = conversations;
        this.registry = registry;
    }

    private Mono<Void> handle(ChannelSignal signal) {
        if (!(signal instanceof ChannelSignal.Message message)
                || !PresenceTracker.PRESENCE_EVENT.equals(message.event().type()) || this.registry.isEmpty()) {
            return Mono.empty();
        }
        JsonNode data = message.event().data();
        UUID userId = Fields.parseUuid(data.path("userId").asString(""));
        if (userId == null) {
            return Mono.empty();
        }
        return this.conversations.contacts(userId)
            .filter((contact) -> !contact.equals(userId))
            .doOnNext((contact) -> this.registry.of(contact)
                .forEach((connection) -> connection.emit(Frames.presence(data))))
            .then()
            .onErrorResume((ex) -> {
                logger.debug("Presence fan-out failed: " + ex.getMessage());
                return Mono.empty();
            });
    }

    @Override
    public void start() {
        this.subscription = this.pubSub.subscribe(this.presence.channel()).concatMap(this::handle, 16).subscribe();
    }

    @Override
    public void stop() {
        Disposable current = this.subscription;
        if (current != null) {
            current.dispose();
        }
        this.subscription = null;
    }

    @Override
    public boolean isRunning() {
        return this.subscription != null;
    }

}
