package io.redkeep.defaults.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The decoder remembers verified tokens until their expiry, and only those.
 */
class InternalTokenDecoderTests {

    private final MovableClock clock = new MovableClock(Instant.now());

    private final InternalTokenDecoder decoder = new InternalTokenDecoder(InternalKey.of(TestTokens.KEY),
            Duration.ofSeconds(5), this.clock);

    @Test
    void aRepeatedTokenIsAnsweredFromMemoryUntilItExpires() {
        String token = TestTokens.token((claims) -> {
        });
        Jwt first = this.decoder.decode(token).block();
        assertThat(first).isNotNull();
        assertThat(first.getSubject()).isEqualTo("0192f1c8-0000-7000-8000-000000000001");
        assertThat(this.decoder.decode(token).block()).isSameAs(first);
        // Past exp the token is checked afresh (within the 5 s skew it still passes, as
        // without the memory) ...
        this.clock.now = first.getExpiresAt().plusSeconds(1);
        assertThat(this.decoder.decode(token).block()).isNotSameAs(first);
        // ... and past the skew it is refused, although it was remembered.
        this.clock.now = first.getExpiresAt().plusSeconds(6);
        assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(token).block());
    }

    @Test
    void rejectedTokensAreNotRemembered() {
        String forged = TestTokens.token("another-key-0123456789abcdef-0123456", (claims) -> {
        });
        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(forged).block());
        }
        String wrongAudience = TestTokens.token((claims) -> claims.audience("someone-else"));
        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(wrongAudience).block());
        }
    }

    private static final class MovableClock extends Clock {

        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }

    }

}
