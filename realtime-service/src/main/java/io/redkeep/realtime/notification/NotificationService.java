package io.redkeep.realtime.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.realtime.conversation.Message;
import io.redkeep.realtime.conversation.SentMessageListener;
import io.redkeep.realtime.presence.PresenceTracker;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.event.EventIds;
import io.redkeep.redis.pubsub.RedisPubSub;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notifications: a new message to a member with no connection following its conversation
 * becomes (or updates) that member's unread {@code message} notification, pushed live on
 * {@code tk:notifications:{userId}}.
 */
public class NotificationService implements SentMessageListener {

    private final NotificationStore store;

    private final PresenceTracker presence;

    private final RedisPubSub pubSub;

    private final RedisKeys keys;

    private final JsonMapper mapper;

    private final int cap;

    private final Duration timeout;

    public NotificationService(NotificationStore store, PresenceTracker presence, RedisPubSub pubSub, RedisKeys keys,
            JsonMapper mapper, int cap, Duration timeout) {
        this.store = store;
        this.presence = presence;
        this.pubSub = pubSub;
        this.keys = keys;
        this.mapper = mapper;
        this.cap = cap;
        this.timeout = timeout;
    }

    /**
     * One statement upserts the notifications of every member not following the
     * conversation; the cap is enforced only for members whose notification was new (an
     * update does not change how many a member has).
     */
    @Override
    public Mono<Void> sent(Message message, Mono<List<UUID>> members) {
        String json = this.mapper.writeValueAsString(message.toJson());
        Mono<java.util.Set<UUID>> subscribers = this.presence.subscribers(message.conversationId())
            .onErrorResume((ex) -> Mono.just(java.util.Set.of()));
        return Mono.zip(members, subscribers).flatMapMany((both) -> {
            List<UUID> absent = both.getT1()
                .stream()
                .filter((member) -> !member.equals(message.senderId()) && !both.getT2().contains(member))
                .toList();
            if (absent.isEmpty()) {
                return Flux.empty();
            }
            List<UUID> ids = absent.stream().map((member) -> UUID.fromString(EventIds.next())).toList();
            return this.store.upsertMessages(absent, message.conversationId(), json, ids,
                    OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        })
            .concatMap((upserted) -> (upserted.inserted() ? this.store.trim(upserted.userId(), this.cap).then()
                    : Mono.<Void>empty())
                .then(push(upserted.userId(), upserted.notification())))
            .then();
    }

    private Mono<Void> push(UUID userId, Notification notification) {
        return this.pubSub
            .publish(this.keys.key("notifications").tag(userId.toString()).build(), EventEnvelope.create("notification",
                    1, "realtime-service", userId.toString(), null, notification.toJson(this.mapper)))
            .onErrorResume((ex) -> Mono.just(0L))
            .then();
    }

    public Mono<ObjectNode> list(UUID userId, String cursor, int limit) {
        OffsetDateTime at = null;
        UUID id = null;
        if (cursor != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                at = OffsetDateTime.parse(parts[0]);
                id = UUID.fromString(parts[1]);
            }
            catch (RuntimeException ex) {
                return Mono.error(ProblemException.validation("cursor", "is malformed"));
            }
        }
        return this.store.page(userId, at, id, limit + 1).collectList().map((rows) -> {
            boolean more = rows.size() > limit;
            List<Notification> page = more ? rows.subList(0, limit) : rows;
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode items = body.putArray("items");
            page.forEach((notification) -> items.add(notification.toJson(this.mapper)));
            if (more) {
                Notification last = page.get(page.size() - 1);
                String key = last.createdAt().atOffset(ZoneOffset.UTC) + "|" + last.id();
                body.put("nextCursor",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
            }
            else {
                body.putNull("nextCursor");
            }
            return body;
        }).timeout(this.timeout);
    }

    /** Marks the given notifications, or all when {@code ids} is {@code null}, read. */
    public Mono<Void> markRead(UUID userId, List<UUID> ids) {
        return this.store.markRead(userId, ids, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS))
            .timeout(this.timeout)
            .then();
    }

}
