package io.redkeep.session;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens are 256 random bits in base64url, hashed with SHA-256; public ids are random
 * UUIDs.
 */
class SessionTokensTests {

    @Test
    void tokensAre32RandomBytesInBase64Url() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = SessionTokens.newToken();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(SessionTokens.isWellFormed(token)).isTrue();
            tokens.add(token);
        }
        assertThat(tokens).hasSize(1000);
    }

    @Test
    void hashIsLowerCaseHexSha256() {
        assertThat(SessionTokens.hash("abc"))
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void malformedTokensAreRecognised() {
        assertThat(SessionTokens.isWellFormed(null)).isFalse();
        assertThat(SessionTokens.isWellFormed("")).isFalse();
        assertThat(SessionTokens.isWellFormed("x".repeat(42))).isFalse();
        assertThat(SessionTokens.isWellFormed("x".repeat(42) + "=")).isFalse();
        assertThat(SessionTokens.isWellFormed("x".repeat(42) + "+")).isFalse();
    }

    @Test
    void publicIdsAreRandomUuids() {
        UUID id = UUID.fromString(SessionTokens.newPublicId());
        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(SessionTokens.newPublicId()).isNotEqualTo(id.toString());
    }

}
