package io.redkeep.defaults.identity;

import java.util.Optional;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads a {@link Caller} from the claims of a validated internal token.
 */
final class CallerClaims {

    private CallerClaims() {
    }

    static Caller caller(Jwt token) {
        return new Caller(text(token.getSubject()), text(token.getClaimAsString(InternalTokenIssuer.SESSION_ID_CLAIM)),
                text(token.getClaimAsString(InternalTokenIssuer.ROLE_CLAIM)),
                text(token.getClaimAsString(InternalTokenIssuer.NAME_CLAIM)),
                token.getClaimAsString(InternalTokenIssuer.IP_CLAIM));
    }

    private static Optional<String> text(String value) {
        return Optional.ofNullable(value).filter((text) -> !text.isBlank());
    }

}
