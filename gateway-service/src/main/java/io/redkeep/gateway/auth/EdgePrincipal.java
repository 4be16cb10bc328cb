package io.redkeep.gateway.auth;

import org.springframework.web.server.ServerWebExchange;

/**
 * The user a request was authenticated as at the edge, carried as an exchange attribute
 * from session resolution to rate limiting, the internal token and the access log.
 *
 * @param userId the user id
 * @param sessionId the public session id
 * @param role {@code user} or {@code admin}
 * @param displayName the user's display name
 * @param viaCookie whether the session came from the {@code rk_session} cookie (CSRF
 * applies) rather than a bearer token
 */
public record EdgePrincipal(String userId, String sessionId, String role, String displayName, boolean viaCookie) {

    /**
     * Exchange attribute holding the request's {@link EdgePrincipal}, absent when
     * anonymous.
     */
    public static final String ATTRIBUTE = EdgePrincipal.class.getName();

    /** The request's principal, or {@code null} for an anonymous request. */
    public static EdgePrincipal of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

}
