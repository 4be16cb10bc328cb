package io.redkeep.realtime.delivery;

import java.util.UUID;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CallerAuthentication;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.realtime.presence.PresenceTracker;
import io.redkeep.redis.event.EventIds;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * The handshake of {@code /ws}: identity comes from the internal token the security chain
 * already verified on the upgrade request; a connection slot of the user is reserved in
 * {@code tk:presence:{userId}} before the upgrade, and the 11th connection is refused
 * with {@code 429 too_many_connections} (problem+json) instead of being upgraded.
 */
class ConnectionLimitedWebSocketService extends HandshakeWebSocketService {

    private final PresenceTracker presence;

    private final RealtimeSocketHandler sockets;

    ConnectionLimitedWebSocketService(RequestUpgradeStrategy strategy, PresenceTracker presence,
            RealtimeSocketHandler sockets) {
        super(strategy);
        this.presence = presence;
        this.sockets = sockets;
    }

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        if (!"websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
            // Not an upgrade: the framework's own handshake checks answer it.
            return super.handleRequest(exchange, handler);
        }
        return exchange.getPrincipal()
            .ofType(CallerAuthentication.class)
            .map(CallerAuthentication::getPrincipal)
            .filter((caller) -> !caller.isAnonymous())
            .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "Sign in first")))
            .flatMap((caller) -> upgrade(exchange, caller));
    }

    private Mono<Void> upgrade(ServerWebExchange exchange, Caller caller) {
        UUID userId = UUID.fromString(caller.requireUserId());
        String connectionId = EventIds.next();
        return this.presence.connect(userId, connectionId).flatMap((accepted) -> {
            if (!accepted) {
                return Mono.error(new ProblemException(ProblemCode.TOO_MANY_CONNECTIONS,
                        "Too many open connections for this user"));
            }
            return super.handleRequest(exchange, (session) -> this.sockets.serve(session, userId, connectionId))
                .onErrorResume((ex) -> this.presence.disconnect(userId, connectionId)
                    .onErrorResume((e) -> Mono.empty())
                    .then(Mono.error(ex)));
        });
    }

}
