package io.redkeep.defaults.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Validates internal tokens with Spring Security's JWT support: HS256 only, issuer
 * {@code redkeep-gateway}, audience {@code redkeep}, an {@code ip} claim, and a lifetime
 * no longer than the contract's 60 s (both {@code exp - iat} and {@code exp - now}),
 * within a small clock skew.
 * <p>
 * The gateway reuses one token per session for up to half its lifetime, so the same token
 * arrives many times: a verified token is remembered (keyed by the exact token text)
 * until its {@code exp}, and a repeat skips the signature check and claim parsing. Only
 * tokens that passed every check are remembered; from {@code exp} on a token is checked
 * afresh, so what is accepted is exactly what the full check accepts.
 */
public class InternalTokenDecoder implements ReactiveJwtDecoder {

    /** Bounds the memory of remembered tokens (a few hundred bytes each). */
    static final int MAX_REMEMBERED = 10_000;

    private final ReactiveJwtDecoder delegate;

    private final Clock clock;

    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    public InternalTokenDecoder(InternalKey key, Duration clockSkew, Clock clock) {
        this.clock = clock;
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(key.secretKey())
            .macAlgorithm(MacAlgorithm.HS256)
            .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(timestamps,
                new JwtIssuerValidator(InternalTokenIssuer.ISSUER),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        (audience) -> audience != null && audience.contains(InternalTokenIssuer.AUDIENCE)),
                new JwtClaimValidator<String>(InternalTokenIssuer.IP_CLAIM, (ip) -> ip != null && !ip.isBlank()),
                new LifetimeValidator(clockSkew, clock))));
        this.delegate = decoder;
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Jwt known = this.verified.get(token);
        if (known != null) {
            if (this.clock.instant().isBefore(known.getExpiresAt())) {
                return Mono.just(known);
            }
            this.verified.remove(token, known);
        }
        return this.delegate.decode(token).doOnNext(this::remember);
    }

    private void remember(Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return;
        }
        if (this.verified.size() >= MAX_REMEMBERED) {
            Instant now = this.clock.instant();
            this.verified.values().removeIf((known) -> !now.isBefore(known.getExpiresAt()));
            if (this.verified.size() >= MAX_REMEMBERED) {
                this.verified.clear();
            }
        }
        this.verified.put(jwt.getTokenValue(), jwt);
    }

    /**
     * Rejects tokens without {@code exp} or living longer than 60 s: a leaked token must
     * expire quickly. (Spring fills a missing {@code iat} with {@code exp - 1s}, so the
     * {@code exp - now} bound is the one that always applies.)
     */
    private static final class LifetimeValidator implements OAuth2TokenValidator<Jwt> {

        private static final OAuth2Error TOO_LONG = new OAuth2Error("invalid_token",
                "Internal tokens must carry iat and exp and live at most 60 s", null);

        private final Duration skew;

        private final Clock clock;

        LifetimeValidator(Duration skew, Clock clock) {
            this.skew = skew;
            this.clock = clock;
        }

        @Override
        public OAuth2TokenValidatorResult validate(Jwt token) {
            Instant issuedAt = token.getIssuedAt();
            Instant expiresAt = token.getExpiresAt();
            if (issuedAt == null || expiresAt == null) {
                return OAuth2TokenValidatorResult.failure(TOO_LONG);
            }
            Duration max = InternalIdentityProperties.MAX_TOKEN_TTL;
            boolean lifetimeOk = Duration.between(issuedAt, expiresAt).compareTo(max) <= 0;
            boolean remainingOk = Duration.between(this.clock.instant(), expiresAt).compareTo(max.plus(this.skew)) <= 0;
            return (lifetimeOk && remainingOk) ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(TOO_LONG);
        }

    }

}
