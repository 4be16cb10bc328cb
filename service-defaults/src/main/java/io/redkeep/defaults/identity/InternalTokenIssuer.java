package io.redkeep.defaults.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints internal tokens (spec/internal.md, "Gateway to service identity"): HS256, issuer
 * {@code redkeep-gateway}, audience {@code redkeep}, the caller's claims and a lifetime
 * of at most 60 s. The gateway signs every forwarded request with it; tests use it to
 * call services as a given user. Signing is a local HMAC, cheap enough for an event loop.
 */
public class InternalTokenIssuer {

    public static final String ISSUER = "redkeep-gateway";

    public static final String AUDIENCE = "redkeep";

    public static final String SESSION_ID_CLAIM = "sid";

    public static final String ROLE_CLAIM = "role";

    public static final String NAME_CLAIM = "name";

    public static final String IP_CLAIM = "ip";

    private final MACSigner signer;

    private final Duration ttl;

    private final Clock clock;

    public InternalTokenIssuer(InternalKey key, Duration ttl, Clock clock) {
        if (ttl.compareTo(InternalIdentityProperties.MAX_TOKEN_TTL) > 0 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("Internal tokens live between 1 ms and 60 s, not " + ttl);
        }
        try {
            this.signer = new MACSigner(key.secretKey());
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Internal key rejected by the HS256 signer", ex);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * A token for the caller, valid from now for the configured lifetime.
     * @param caller who the request is made for (anonymous callers get no {@code sub})
     * @return the compact JWS
     */
    public String issue(Caller caller) {
        Instant now = this.clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(this.ttl)))
            .claim(IP_CLAIM, caller.ip());
        caller.userId().ifPresent(claims::subject);
        caller.sessionId().ifPresent((sid) -> claims.claim(SESSION_ID_CLAIM, sid));
        caller.role().ifPresent((role) -> claims.claim(ROLE_CLAIM, role));
        caller.displayName().ifPresent((name) -> claims.claim(NAME_CLAIM, name));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(this.signer);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Could not sign an internal token", ex);
        }
        return jwt.serialize();
    }

    /**
     * How long minted tokens stay valid; the gateway may reuse one for a session for up
     * to half of it.
     * @return the lifetime
     */
    public Duration ttl() {
        return this.ttl;
    }

}
