package io.redkeep.session;

import java.util.Objects;

/**
 * Who a new session is for and where it came from: what {@link SessionStore#create}
 * copies into the session record.
 *
 * @param userId the user's id (a UUID)
 * @param role {@code user} or {@code admin}
 * @param displayName shown by the gateway in the internal token's {@code name} claim
 * @param ip the client IP as the gateway resolved it, may be empty
 * @param userAgent the client's {@code User-Agent}, may be empty (cut to 512 characters)
 */
public record NewSession(String userId, String role, String displayName, String ip, String userAgent) {

    static final int MAX_USER_AGENT = 512;

    public NewSession {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(displayName, "displayName");
        ip = (ip != null) ? ip : "";
        userAgent = (userAgent != null) ? truncate(userAgent) : "";
    }

    private static String truncate(String value) {
        return (value.codePointCount(0, value.length()) <= MAX_USER_AGENT) ? value
                : value.substring(0, value.offsetByCodePoints(0, MAX_USER_AGENT));
    }

}
