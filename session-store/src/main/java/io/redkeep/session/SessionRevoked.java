package io.redkeep.session;

import java.util.List;

/**
 * The {@code data} of a {@code session.revoked} event on {@code tk:events:sessions} (and
 * the auth stream): which sessions of which user are gone.
 *
 * @param userId the owner of the sessions
 * @param sessionIds public ids of the revoked sessions
 * @param tokenHashes SHA-256 of their tokens, in the same order
 * @param reason why: {@code logout}, {@code logout_all}, {@code password_changed} or
 * {@code deleted}
 */
public record SessionRevoked(String userId, List<String> sessionIds, List<String> tokenHashes, String reason) {

    public static final String TYPE = "session.revoked";

    public SessionRevoked {
        sessionIds = List.copyOf(sessionIds);
        tokenHashes = List.copyOf(tokenHashes);
    }

    static SessionRevoked of(String userId, List<RevokedSession> sessions, String reason) {
        return new SessionRevoked(userId, sessions.stream().map(RevokedSession::publicId).toList(),
                sessions.stream().map(RevokedSession::tokenHash).toList(), reason);
    }

}
