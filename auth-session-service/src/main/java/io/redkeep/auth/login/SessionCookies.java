package io.redkeep.auth.login;

import java.time.Duration;
import java.time.Instant;

import io.redkeep.session.SessionTokens;

import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The browser cookies of spec/http-api.md: {@code rk_session} (the token; HttpOnly) and
 * {@code XSRF-TOKEN} (readable by scripts, echoed in {@code X-XSRF-TOKEN}), both
 * {@code SameSite=Lax; Path=/}, living until the session's absolute expiry.
 * {@code Secure} when configured or when the request reached the gateway over HTTPS: the
 * gateway (which strips client-sent {@code X-Forwarded-*}) reports that with
 * {@code X-Forwarded-Proto}.
 */
public class SessionCookies {

    public static final String SESSION = "rk_session";

    public static final String XSRF = "XSRF-TOKEN";

    private final boolean alwaysSecure;

    public SessionCookies(boolean alwaysSecure) {
        this.alwaysSecure = alwaysSecure;
    }

    /** Sets both cookies for a new session. */
    public void issue(ServerWebExchange exchange, String token, Instant expiresAt) {
        Duration maxAge = Duration.between(Instant.now(), expiresAt);
        boolean secure = isSecure(exchange.getRequest());
        exchange.getResponse().addCookie(cookie(SESSION, token, maxAge, secure, true));
        exchange.getResponse().addCookie(cookie(XSRF, SessionTokens.newCsrfToken(), maxAge, secure, false));
    }

    /** Expires both cookies (logout). */
    public void clear(ServerWebExchange exchange) {
        boolean secure = isSecure(exchange.getRequest());
        exchange.getResponse().addCookie(cookie(SESSION, "", Duration.ZERO, secure, true));
        exchange.getResponse().addCookie(cookie(XSRF, "", Duration.ZERO, secure, false));
    }

    boolean isSecure(ServerHttpRequest request) {
        return this.alwaysSecure || request.getSslInfo() != null
                || "https".equalsIgnoreCase(request.getHeaders().getFirst("X-Forwarded-Proto"));
    }

    private static ResponseCookie cookie(String name, String value, Duration maxAge, boolean secure, boolean httpOnly) {
        return ResponseCookie.from(name, value)
            .path("/")
            .sameSite("Lax")
            .httpOnly(httpOnly)
            .secure(secure)
            .maxAge(maxAge)
            .build();
    }

}
