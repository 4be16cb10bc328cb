package io.redkeep.gateway.routing;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import io.redkeep.gateway.auth.EdgePrincipal;

/**
 * Internal tokens for forwarded requests (spec/internal.md): one per session and client
 * IP (or per IP for anonymous requests), reused for at most half the token's lifetime so
 * a service never receives a token about to expire.
 */
public class InternalTokens {

    private final InternalTokenIssuer issuer;

    private final Cache<Caller, String> tokens;

    public InternalTokens(InternalTokenIssuer issuer) {
        this.issuer = issuer;
        Duration reuse = issuer.ttl().dividedBy(2);
        this.tokens = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(reuse).build();
    }

    /** A token vouching for the principal (or an anonymous caller) at the client IP. */
    public String token(EdgePrincipal principal, String ip) {
        Caller caller = (principal != null)
                ? Caller.user(principal.userId(), principal.sessionId(), principal.role(), principal.displayName(), ip)
                : Caller.anonymous(ip);
        return this.tokens.get(caller, this.issuer::issue);
    }

}
