package io.redkeep.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One session as stored in {@code tk:session:{sha256(token)}} (spec/internal.md). The
 * hash fields are named as the components here; times are epoch milliseconds of the Redis
 * server clock.
 *
 * @param tokenHash lower-case hex SHA-256 of the token (the key's hash tag)
 * @param publicId the id clients see and revoke by, never the token
 * @param userId the owner
 * @param role the owner's role when the session was created or last updated
 * @param displayName the owner's display name, kept current by the auth service
 * @param ip client IP at login
 * @param userAgent client {@code User-Agent} at login
 * @param createdAt when the session was created
 * @param lastActiveAt last time a lookup refreshed it (at most once per touch interval)
 * @param expiresAt absolute expiry: the session ends then whatever its activity
 * @param idleTimeout how long the session lives without activity
 */
public record SessionRecord(String tokenHash, String publicId, String userId, String role, String displayName,
        String ip, String userAgent, Instant createdAt, Instant lastActiveAt, Instant expiresAt, Duration idleTimeout) {

    /** Hash field names: the layout the gateway and the auth service share. */
    static final List<String> FIELDS = List.of("publicId", "userId", "role", "displayName", "ip", "userAgent",
            "createdAt", "lastActiveAt", "expiresAt", "idleTimeout");

    /**
     * When the session ends if it sees no more activity: the earlier of the idle and
     * absolute expiry.
     */
    public Instant idleExpiresAt() {
        Instant idle = this.lastActiveAt.plus(this.idleTimeout);
        return idle.isBefore(this.expiresAt) ? idle : this.expiresAt;
    }

    static SessionRecord fromHash(String tokenHash, Map<String, String> hash) {
        return new SessionRecord(tokenHash, required(hash, "publicId"), required(hash, "userId"),
                required(hash, "role"), hash.getOrDefault("displayName", ""), hash.getOrDefault("ip", ""),
                hash.getOrDefault("userAgent", ""), millis(hash, "createdAt"), millis(hash, "lastActiveAt"),
                millis(hash, "expiresAt"), Duration.ofMillis(Long.parseLong(required(hash, "idleTimeout"))));
    }

    private static Instant millis(Map<String, String> hash, String field) {
        return Instant.ofEpochMilli(Long.parseLong(required(hash, field)));
    }

    private static String required(Map<String, String> hash, String field) {
        String value = hash.get(field);
        if (value == null) {
            throw new IllegalStateException("session record lacks field " + field);
        }
        return value;
    }

}
