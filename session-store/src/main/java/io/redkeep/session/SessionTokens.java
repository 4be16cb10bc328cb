package io.redkeep.session;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import io.redkeep.redis.RedisKeys;

/**
 * Session tokens and their one-way form. A token is 32 random bytes in base64url (256
 * bits, spec/http-api.md); Redis only ever sees {@link #hash(String) its SHA-256}, so a
 * dump of the keyspace yields no usable token.
 *
 * <p>
 * Randomness comes from a DRBG seeded once when this class loads: unlike the platform
 * default (NativePRNG) it does not read {@code /dev/urandom} per call, so tokens can be
 * minted on an event-loop thread.
 */
public final class SessionTokens {

    private static final int TOKEN_BYTES = 32;

    private static final SecureRandom RANDOM = seededRandom();

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private SessionTokens() {
    }

    /** A new opaque token: 32 random bytes, base64url without padding (43 characters). */
    public static String newToken() {
        return BASE64URL.encodeToString(randomBytes(TOKEN_BYTES));
    }

    /** A new public session id: a random (version 4) UUID. */
    public static String newPublicId() {
        ByteBuffer bytes = ByteBuffer.wrap(randomBytes(16));
        long msb = (bytes.getLong() & 0xFFFF_FFFF_FFFF_0FFFL) | 0x0000_0000_0000_4000L;
        long lsb = (bytes.getLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /** A new random value for the {@code XSRF-TOKEN} cookie. */
    public static String newCsrfToken() {
        return newToken();
    }

    /** Lower-case hex SHA-256 of a token: the only form of it stored anywhere. */
    public static String hash(String token) {
        return RedisKeys.sha256Hex(token);
    }

    /**
     * Whether {@code value} has the shape of a token this class mints: checked before
     * hashing so arbitrary header text never reaches Redis.
     */
    public static boolean isWellFormed(String value) {
        if (value == null || value.length() != 43) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static SecureRandom seededRandom() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG");
            // The first call seeds from the operating system (a blocking read); do it
            // now.
            random.nextBytes(new byte[1]);
            return random;
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("DRBG SecureRandom is required by the Java platform", ex);
        }
    }

}
