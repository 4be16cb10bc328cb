package io.redkeep.auth.user;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * The public shape of a user (spec/http-api.md): {@code {id, email, displayName, role,
 * createdAt}}; also what the profile cache stores.
 *
 * @param id the user id
 * @param email the email as stored
 * @param displayName the display name
 * @param role {@code user} or {@code admin}
 * @param createdAt creation time
 */
public record UserView(String id, String email, String displayName, String role,
        @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
                timezone = "UTC") Instant createdAt) {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    /** RFC 3339 in UTC with exactly three fractional digits (spec/http-api.md). */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    public static UserView of(User user) {
        return new UserView(user.id().toString(), user.email(), user.displayName(), user.role(), user.createdAt());
    }

}
