package io.redkeep.auth.user;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code users}.
 *
 * @param id UUIDv7
 * @param email as the user typed it (unique case-insensitively)
 * @param displayName trimmed, 1 to 64 code points
 * @param role {@code user} or {@code admin}
 * @param passwordHash Argon2id PHC string
 * @param createdAt creation time, millisecond precision
 * @param updatedAt last change, millisecond precision
 */
public record User(UUID id, String email, String displayName, String role, String passwordHash, Instant createdAt,
        Instant updatedAt) {

    @Override
    public String toString() {
        return "User[id=" + this.id + ", role=" + this.role + "]";
    }

}
