package io.redkeep.auth.session;

import java.util.List;

import io.redkeep.auth.event.AuthEventTypes;
import io.redkeep.auth.event.AuthEvents;
import io.redkeep.session.RevokedSession;
import io.redkeep.session.SessionRecord;
import io.redkeep.session.SessionStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Revocations as the auth service performs them: through the session store (durable
 * write, {@code tk:events:sessions} announcement), then {@code session.revoked} on the
 * auth stream for the durable record.
 */
public class SessionRevoker {

    private final SessionStore sessions;

    private final AuthEvents events;

    public SessionRevoker(SessionStore sessions, AuthEvents events) {
        this.sessions = sessions;
        this.events = events;
    }

    /** Revokes one of the user's sessions; empty when the user has no such session. */
    public Mono<RevokedSession> revoke(String userId, String publicId, String reason) {
        if (publicId == null || publicId.isEmpty() || publicId.length() > 64 || !publicId.matches("[0-9a-fA-F-]+")) {
            return Mono.empty();
        }
        return this.sessions.revoke(userId, publicId, reason)
            .flatMap((revoked) -> record(userId, List.of(revoked), reason).thenReturn(revoked));
    }

    /** Revokes every session of the user but {@code keepPublicId} ({@code null}: all). */
    public Mono<List<RevokedSession>> revokeAllExcept(String userId, String keepPublicId, String reason) {
        return this.sessions.revokeAllExcept(userId, keepPublicId, reason)
            .flatMap((revoked) -> record(userId, revoked, reason).thenReturn(revoked));
    }

    public Flux<SessionRecord> list(String userId) {
        return this.sessions.list(userId);
    }

    private Mono<Void> record(String userId, List<RevokedSession> revoked, String reason) {
        if (revoked.isEmpty()) {
            return Mono.empty();
        }
        return this.events.appendNow(AuthEventTypes.SESSION_REVOKED, userId, new AuthEventTypes.RevokedData(userId,
                revoked.stream().map(RevokedSession::publicId).toList(), reason));
    }

}
