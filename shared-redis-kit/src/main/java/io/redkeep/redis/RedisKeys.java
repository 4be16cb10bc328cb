package io.redkeep.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The only place Redis keys and channel names are built (spec/internal.md, "Key
 * catalogue"). Every key starts with the configured prefix; the part that identifies an
 * owner goes in a hash tag so related keys share a Cluster slot; user-supplied text is
 * hashed before it becomes part of a key.
 *
 * <pre>
 * keys.key("session").hashedTag(token).build()          // tk:session:{9f86d0...}
 * keys.key("user").tag(userId).part("sessions").build() // tk:user:{0192...}:sessions
 * keys.key("stream").part("content").build()            // tk:stream:content
 * </pre>
 */
public final class RedisKeys {

    private static final int MAX_PART_LENGTH = 200;

    private final String prefix;

    public RedisKeys(String prefix) {
        this.prefix = validated(Objects.requireNonNull(prefix, "prefix"), "prefix");
    }

    public String prefix() {
        return this.prefix;
    }

    /** Starts a key {@code <prefix>:<type>}. */
    public Builder key(String type) {
        return new Builder(new StringBuilder(this.prefix).append(':').append(validated(type, "type")));
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code value}. */
    public static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", ex);
        }
    }

    private static String validated(String part, String what) {
        if (part.isEmpty() || part.length() > MAX_PART_LENGTH) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_PART_LENGTH + " characters");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '{' || c == '}' || c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException(what + " must not contain braces, spaces or control characters");
            }
        }
        return part;
    }

    /** Appends parts to a key; immutable callers see only {@link #build()}. */
    public static final class Builder {

        private final StringBuilder key;

        private boolean tagged;

        private Builder(StringBuilder key) {
            this.key = key;
        }

        /**
         * Appends {@code :{value}}; {@code value} must be validated (an id), never raw
         * user input.
         */
        public Builder tag(String value) {
            if (this.tagged) {
                throw new IllegalStateException("a key has at most one hash tag");
            }
            this.tagged = true;
            this.key.append(":{").append(validated(value, "tag")).append('}');
            return this;
        }

        /**
         * Appends {@code :{sha256(value)}}: for user-supplied text (emails, tokens,
         * queries).
         */
        public Builder hashedTag(String value) {
            return tag(sha256Hex(value));
        }

        /** Appends {@code :value}; {@code value} must be a literal or a validated id. */
        public Builder part(String value) {
            this.key.append(':').append(validated(value, "part"));
            return this;
        }

        /** Appends {@code :sha256(value)}. */
        public Builder hashed(String value) {
            return part(sha256Hex(value));
        }

        public String build() {
            return this.key.toString();
        }

    }

}
