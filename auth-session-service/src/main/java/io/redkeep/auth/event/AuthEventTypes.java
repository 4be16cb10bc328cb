package io.redkeep.auth.event;

import java.util.List;

/**
 * The events of {@code tk:stream:auth} and the shape of their {@code data}. This service
 * owns these shapes; consumers keep their own copies (spec/internal.md, envelope
 * contract). Emails, token hashes and IPs are left out: consumers need none of them.
 */
public final class AuthEventTypes {

    public static final String USER_REGISTERED = "user.registered";

    public static final String USER_UPDATED = "user.updated";

    public static final String USER_LOGGED_IN = "user.logged_in";

    public static final String SESSION_REVOKED = "session.revoked";

    public static final String PASSWORD_CHANGED = "password.changed";

    private AuthEventTypes() {
    }

    /** {@code user.registered} and {@code user.updated}. */
    public record UserData(String userId, String displayName, String role, String createdAt) {
    }

    /** {@code user.logged_in}. */
    public record LoginData(String userId, String sessionId) {
    }

    /** {@code session.revoked}: which public session ids, and why. */
    public record RevokedData(String userId, List<String> sessionIds, String reason) {
    }

    /** {@code password.changed}. */
    public record PasswordData(String userId) {
    }

}
