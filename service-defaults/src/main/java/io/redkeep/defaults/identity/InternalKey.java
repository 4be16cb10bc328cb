package io.redkeep.defaults.identity;

import java.nio.charset.StandardCharsets;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HS256 key shared by the gateway and the services, checked once at start-up so a
 * missing or weak key stops the process with a message saying what to set.
 */
public final class InternalKey {

    /**
     * HS256 needs a key at least as long as its 256-bit output (RFC 7518, section 3.2).
     */
    public static final int MIN_BYTES = 32;

    private final SecretKey secretKey;

    private InternalKey(SecretKey secretKey) {
        this.secretKey = secretKey;
    }

    /**
     * Checks and wraps the configured key.
     * @param configured the value of {@code redkeep.security.internal-key}
     * @return the key
     * @throws IllegalStateException if the key is missing or shorter than 32 bytes
     */
    public static InternalKey of(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("redkeep.security.internal-key is not set: set the environment variable "
                    + "REDKEEP_INTERNAL_KEY to the secret shared with the gateway (at least " + MIN_BYTES + " bytes)");
        }
        byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalStateException("redkeep.security.internal-key (REDKEEP_INTERNAL_KEY) is " + bytes.length
                    + " bytes long; HS256 needs at least " + MIN_BYTES + " bytes");
        }
        return new InternalKey(new SecretKeySpec(bytes, "HmacSHA256"));
    }

    public SecretKey secretKey() {
        return this.secretKey;
    }

    @Override
    public String toString() {
        return "InternalKey[******]";
    }

}
