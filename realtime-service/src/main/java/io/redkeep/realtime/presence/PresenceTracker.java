package io.redkeep.realtime.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.redkeep.realtime.conversation.Message;
import io.redkeep.realtime.user.UserDirectory;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.RedisPubSub;
import io.redkeep.redis.script.RedisScript;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Presence and subscriptions in the {@code state} role. {@code tk:presence:{userId}}
 * holds the user's connection ids scored by expiry: a user is online while one entry is
 * live; a closed connection's entry lingers for the offline grace, and whoever prunes the
 * last entry announces the offline transition on {@code tk:presence}.
 * {@code tk:subscribers:{conversationId}} holds {@code userId:connectionId} of the
 * connections following a conversation, so a sender's instance knows which members need a
 * notification instead.
 */
public class PresenceTracker {

    private static final Log logger = LogFactory.getLog(PresenceTracker.class);

    /** The {@code type} of presence envelopes on {@code tk:presence}. */
    public static final String PRESENCE_EVENT = "presence";

    private static final RedisScript CONNECT = RedisScript.load("realtime-connect");

    private static final RedisScript REFRESH = RedisScript.load("realtime-refresh");

    private static final RedisScript OFFLINE = RedisScript.load("realtime-offline");

    private static final RedisScript SUBSCRIBE = RedisScript.load("realtime-subscribe");

    private final RedisRoleClient state;

    private final RedisKeys keys;

    private final RedisPubSub pubSub;

    private final UserDirectory users;

    private final Duration connectionTtl;

    private final Duration offlineGrace;

    private final int maxConnections;

    private final Clock clock;

    public PresenceTracker(RedisRoleClient state, RedisKeys keys, RedisPubSub pubSub, UserDirectory users,
            Duration connectionTtl, Duration offlineGrace, int maxConnections, Clock clock) {
        this.state = state;
        this.keys = keys;
        this.pubSub = pubSub;
        this.users = users;
        this.connectionTtl = connectionTtl;
        this.offlineGrace = offlineGrace;
        this.maxConnections = maxConnections;
        this.clock = clock;
    }

    /** {@code tk:presence}, the channel of presence transitions. */
    public String channel() {
        return this.keys.key("presence").build();
    }

    private String presenceKey(UUID userId) {
        return this.keys.key("presence").tag(userId.toString()).build();
    }

    private String subscribersKey(UUID conversationId) {
        return this.keys.key("subscribers").tag(conversationId.toString()).build();
    }

    /**
     * Reserves a connection slot; emits {@code false} when the user already has the most
     * connections allowed. The first live connection announces the user online.
     */
    public Mono<Boolean> connect(UUID userId, String connectionId) {
        long now = this.clock.millis();
        return CONNECT
            .<Long>mono(this.state, ScriptOutputType.INTEGER, List.of(presenceKey(userId)), Long.toString(now),
                    Long.toString(now + this.connectionTtl.toMillis()), connectionId,
                    Integer.toString(this.maxConnections))
            .flatMap((before) -> {
                if (before < 0) {
                    return Mono.just(false);
                }
                return ((before == 0) ? announce(userId, true) : Mono.<Void>empty()).thenReturn(true);
            });
    }

    /** Keeps a live connection's entries (presence and subscriptions) from expiring. */
    public Mono<Void> refresh(UUID userId, String connectionId, Collection<UUID> conversations) {
        String expiry = Long.toString(this.clock.millis() + this.connectionTtl.toMillis());
        Mono<Object> presence = REFRESH.mono(this.state, ScriptOutputType.INTEGER, List.of(presenceKey(userId)), expiry,
                connectionId);
        return presence
            .thenMany(Flux.fromIterable(List.copyOf(conversations))
                .concatMap((conversationId) -> REFRESH.mono(this.state, ScriptOutputType.INTEGER,
                        List.of(subscribersKey(conversationId)), expiry, member(userId, connectionId))))
            .then();
    }

    /**
     * A connection closed: its entry lingers for the offline grace, after which the user
     * is announced offline unless another connection is live.
     */
    public Mono<Void> disconnect(UUID userId, String connectionId) {
        long lingerUntil = this.clock.millis() + this.offlineGrace.toMillis();
        return REFRESH
            .mono(this.state, ScriptOutputType.INTEGER, List.of(presenceKey(userId)), Long.toString(lingerUntil),
                    connectionId)
            .then(Mono.fromRunnable(() -> Mono.delay(this.offlineGrace.plusMillis(200), Schedulers.parallel())
                .then(checkOffline(userId))
                .onErrorResume((ex) -> {
                    logger.debug("Offline check failed for " + userId + ": " + ex.getMessage());
                    return Mono.empty();
                })
                .subscribe()));
    }

    /** Prunes expired entries; announces offline when this call removed the last one. */
    public Mono<Void> checkOffline(UUID userId) {
        // Deferred: "now" is when the check runs, not when it was scheduled.
        return Mono.defer(() -> OFFLINE
            .<Long>mono(this.state, ScriptOutputType.INTEGER, List.of(presenceKey(userId)),
                    Long.toString(this.clock.millis()))
            .flatMap((offline) -> (offline == 1)
                    ? this.users.markSeen(userId, this.clock.instant()).then(announce(userId, false)) : Mono.empty()));
    }

    /** Whether each user has a live connection. */
    public Mono<Set<UUID>> online(Collection<UUID> userIds) {
        long now = this.clock.millis();
        return Flux.fromIterable(List.copyOf(userIds))
            .concatMap((userId) -> this.state
                .mono((commands) -> commands.zcount(presenceKey(userId), Range.create((double) now, Double.MAX_VALUE)))
                .filter((count) -> count > 0)
                .map((count) -> userId))
            .collect(Collectors.toSet());
    }

    public Mono<Void> subscribed(UUID conversationId, UUID userId, String connectionId) {
        long now = this.clock.millis();
        return SUBSCRIBE
            .mono(this.state, ScriptOutputType.INTEGER, List.of(subscribersKey(conversationId)), Long.toString(now),
                    Long.toString(now + this.connectionTtl.toMillis()), member(userId, connectionId))
            .then();
    }

    public Mono<Void> unsubscribed(UUID conversationId, UUID userId, String connectionId) {
        return this.state
            .mono((commands) -> commands.zrem(subscribersKey(conversationId), member(userId, connectionId)))
            .then();
    }

    /** Users with a live connection following the conversation. */
    public Mono<Set<UUID>> subscribers(UUID conversationId) {
        long now = this.clock.millis();
        return this.state
            .flux((commands) -> commands.zrangebyscore(subscribersKey(conversationId),
                    Range.create((double) now, Double.MAX_VALUE)))
            .map((member) -> UUID.fromString(member.substring(0, member.indexOf(':'))))
            .collect(Collectors.toSet());
    }

    private Mono<Void> announce(UUID userId, boolean online) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("userId", userId.toString());
        data.put("online", online);
        data.put("lastSeenAt", Message.timestamp(Instant.ofEpochMilli(this.clock.millis())));
        return this.pubSub
            .publish(channel(),
                    EventEnvelope.create(PRESENCE_EVENT, 1, "realtime-service", userId.toString(), null, data))
            .then();
    }

    private static String member(UUID userId, String connectionId) {
        return userId + ":" + connectionId;
    }

}
