package io.redkeep.realtime.delivery;

import java.util.Map;

import io.redkeep.realtime.RealtimeProperties;
import io.redkeep.realtime.conversation.ConversationService;
import io.redkeep.realtime.presence.PresenceTracker;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.pubsub.RedisPubSub;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/** {@code /ws}: the WebSocket endpoint and the live fan-out around it. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    /**
     * Netty refuses frames past this with close 1009; up to it the handler answers
     * {@code malformed_request} for frames over the protocol's limit and stays open.
     */
    private static final int NETTY_MAX_FRAME = 32 * 1024;

    @Bean
    ConnectionRegistry realtimeConnectionRegistry() {
        return new ConnectionRegistry();
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    ConnectionHeartbeat realtimeConnectionHeartbeat(ConnectionRegistry registry, PresenceTracker presence,
            RealtimeProperties properties) {
        return new ConnectionHeartbeat(registry, presence, properties.socket().pingInterval(),
                properties.socket().pingTimeout());
    }

    @Bean
    RealtimeSocketHandler realtimeSocketHandler(ConversationService conversations, MessageFanout fanout,
            PresenceTracker presence, RedisPubSub pubSub, RedisRoles roles, JsonMapper mapper,
            RealtimeProperties properties, ConnectionRegistry registry, ConnectionHeartbeat heartbeat) {
        return new RealtimeSocketHandler(conversations, fanout, presence, pubSub, roles.keys(), mapper,
                properties.socket(), registry, heartbeat);
    }

    @Bean
    PresenceFanout presenceFanout(RedisPubSub pubSub, PresenceTracker presence, ConversationService conversations,
            ConnectionRegistry registry) {
        return new PresenceFanout(pubSub, presence, conversations, registry);
    }

    @Bean
    HandlerMapping realtimeWebSocketMapping() {
        // The real work happens in the WebSocket service (it needs the caller); this
        // handler is only the route's marker.
        WebSocketHandler marker = (session) -> session.close();
        return new SimpleUrlHandlerMapping(Map.of("/ws", marker), -1);
    }

    @Bean
    WebSocketHandlerAdapter realtimeWebSocketHandlerAdapter(PresenceTracker presence, RealtimeSocketHandler sockets) {
        ReactorNettyRequestUpgradeStrategy strategy = new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(NETTY_MAX_FRAME).handlePing(true));
        return new WebSocketHandlerAdapter(new ConnectionLimitedWebSocketService(strategy, presence, sockets));
    }

}
