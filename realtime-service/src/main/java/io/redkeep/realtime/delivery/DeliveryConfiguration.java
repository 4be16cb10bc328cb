package io.redkeep.realtime.delivery;

import java.util.Map;

import io.micrometer.observation.ObservationPredicate;
import io.redkeep.realtime.RealtimeProperties;
import io.redkeep.realtime.conversation.ConversationService;
import io.redkeep.realtime.presence.PresenceTracker;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.pubsub.RedisPubSub;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
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

    /**
     * No observations (and so no trace spans or timers) for the {@code /ws} upgrade and
     * Spring Security's filter-chain observations: they last as long as the request,
     * which for a WebSocket is the whole connection, and held about a third of an idle
     * connection's heap (four observations with their contexts, key values, spans and
     * long-task timer samples; docs/realtime.md). Security's observations carry no
     * request to tell a {@code /ws} upgrade from a REST call, so they are off for the
     * whole service; REST requests keep their {@code http.server.requests} observation.
     */
    @Bean
    ObservationPredicate realtimeWebSocketObservations() {
        return (name, context) -> {
            if (name.startsWith("spring.security.")) {
                return false;
            }
            if (context instanceof ServerRequestObservationContext request) {
                return !isWebSocketUpgrade(request.getCarrier());
            }
            return true;
        };
    }

    static boolean isWebSocketUpgrade(ServerHttpRequest request) {
        return "/ws".equals(request.getPath().pathWithinApplication().value())
                || "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
    }

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
