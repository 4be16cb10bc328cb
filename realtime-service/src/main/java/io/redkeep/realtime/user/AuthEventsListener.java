package io.redkeep.realtime.user;

import java.util.UUID;

import io.redkeep.redis.stream.EventStreams;
import io.redkeep.redis.stream.StreamConsumer;
import io.redkeep.redis.stream.StreamEvent;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.context.SmartLifecycle;

/**
 * Consumes {@code tk:stream:auth} in group {@code realtime} (spec/internal.md) to learn
 * users and display names. Idempotent by construction (an upsert), so a redelivered entry
 * is harmless.
 */
public class AuthEventsListener implements SmartLifecycle {

    static final String STREAM = "auth";

    static final String GROUP = "realtime";

    private final EventStreams streams;

    private final UserDirectory users;

    private volatile StreamConsumer consumer;

    public AuthEventsListener(EventStreams streams, UserDirectory users) {
        this.streams = streams;
        this.users = users;
    }

    Mono<Void> handle(StreamEvent entry) {
        String type = entry.event().type();
        if (!"user.registered".equals(type) && !"user.updated".equals(type)) {
            return Mono.empty();
        }
        JsonNode data = entry.event().data();
        JsonNode id = data.get("userId");
        JsonNode name = data.get("displayName");
        if (id == null || !id.isString()) {
            return Mono.empty();
        }
        UUID userId;
        try {
            userId = UUID.fromString(id.asString());
        }
        catch (IllegalArgumentException ex) {
            return Mono.empty();
        }
        return this.users.remember(userId, (name != null && name.isString()) ? name.asString() : "");
    }

    @Override
    public void start() {
        this.consumer = this.streams.consume(STREAM, GROUP, this::handle);
    }

    @Override
    public void stop() {
        StreamConsumer current = this.consumer;
        if (current != null) {
            current.dispose();
        }
        this.consumer = null;
    }

    @Override
    public boolean isRunning() {
        return this.consumer != null;
    }

}
