package io.redkeep.defaults.identity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Hand-made internal tokens, including the broken ones the issuer refuses to mint.
 */
final class TestTokens {

    static final String KEY = "test-internal-key-0123456789abcdef-0123";

    private TestTokens() {
    }

    static String token(Consumer<JWTClaimsSet.Builder> claims) {
        return token(KEY, claims);
    }

    static String token(String key, Consumer<JWTClaimsSet.Builder> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer("redkeep-gateway")
            .audience("redkeep")
            .subject("0192f1c8-0000-7000-8000-000000000001")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(30)))
            .claim("ip", "203.0.113.7");
        claims.accept(builder);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
            jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

}
