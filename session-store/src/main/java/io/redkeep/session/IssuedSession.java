package io.redkeep.session;

/**
 * A session just created: the raw token (returned to the client once, never stored) and
 * the record as Redis now holds it.
 *
 * @param token the opaque bearer token
 * @param session the stored record
 */
public record IssuedSession(String token, SessionRecord session) {

    @Override
    public String toString() {
        return "IssuedSession[token=<redacted>, session=" + this.session + "]";
    }

}
