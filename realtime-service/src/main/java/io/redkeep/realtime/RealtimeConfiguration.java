package io.redkeep.realtime;

import java.time.Clock;
import java.util.List;

import io.redkeep.realtime.conversation.ConversationService;
import io.redkeep.realtime.conversation.ConversationStore;
import io.redkeep.realtime.conversation.SentMessageListener;
import io.redkeep.realtime.delivery.MessageFanout;
import io.redkeep.realtime.notification.NotificationService;
import io.redkeep.realtime.notification.NotificationStore;
import io.redkeep.redis.outbox.OutboxRelay;
import io.redkeep.redis.outbox.OutboxWriter;
import io.redkeep.realtime.presence.PresenceTracker;
import io.redkeep.realtime.user.AuthEventsListener;
import io.redkeep.realtime.user.UserDirectory;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.pubsub.RedisPubSub;
import io.redkeep.redis.stream.EventStreams;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The realtime service's storage, presence and notification beans; each can be replaced
 * by the application. WebSocket wiring lives in the delivery package.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RealtimeProperties.class)
class RealtimeConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ConversationStore conversationStore(DatabaseClient db) {
        return new ConversationStore(db);
    }

    @Bean
    @ConditionalOnMissingBean
    UserDirectory userDirectory(DatabaseClient db) {
        return new UserDirectory(db);
    }

    @Bean
    @ConditionalOnMissingBean
    AuthEventsListener authEventsListener(EventStreams streams, UserDirectory users) {
        return new AuthEventsListener(streams, users);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxWriter outboxWriter(DatabaseClient db, EventCodec codec) {
        return new OutboxWriter(db, codec, "realtime");
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(DatabaseClient db, TransactionalOperator transactions, EventStreams streams,
            EventCodec codec, RealtimeProperties properties) {
        return new OutboxRelay(db, transactions, streams, codec, properties.outbox().interval(),
                properties.outbox().batchSize(), properties.outbox().retention());
    }

    @Bean
    @ConditionalOnMissingBean
    PresenceTracker presenceTracker(RedisRoles roles, RedisPubSub pubSub, UserDirectory users,
            RealtimeProperties properties) {
        RealtimeProperties.Presence presence = properties.presence();
        return new PresenceTracker(roles.state(), roles.keys(), pubSub, users, presence.connectionTtl(),
                presence.offlineGrace(), properties.socket().maxConnectionsPerUser(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    MessageFanout messageFanout(RedisPubSub pubSub, RedisRoles roles) {
        return new MessageFanout(pubSub, roles.keys());
    }

    @Bean
    @ConditionalOnMissingBean
    NotificationStore notificationStore(DatabaseClient db) {
        return new NotificationStore(db);
    }

    @Bean
    @ConditionalOnMissingBean
    NotificationService notificationService(NotificationStore store, PresenceTracker presence, RedisPubSub pubSub,
            RedisRoles roles, JsonMapper mapper, RealtimeProperties properties) {
        return new NotificationService(store, presence, pubSub, roles.keys(), mapper, properties.notificationCap(),
                properties.databaseTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    ConversationService conversationService(ConversationStore store, UserDirectory users, OutboxWriter outbox,
            OutboxRelay relay, TransactionalOperator transactions, List<SentMessageListener> listeners,
            RealtimeProperties properties) {
        return new ConversationService(store, users, outbox, relay, transactions, listeners,
                properties.databaseTimeout());
    }

}
