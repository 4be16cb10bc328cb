package io.redkeep.gateway.client;

import org.springframework.web.server.ServerWebExchange;

/**
 * Where a request came from, as the gateway resolved it once per request: the client IP
 * (the peer, or the right-most untrusted {@code X-Forwarded-For} hop behind trusted
 * proxies) and whether it arrived over HTTPS.
 *
 * @param ip the client IP literal
 * @param secure whether the client used HTTPS (directly or at a trusted proxy)
 */
public record ClientOrigin(String ip, boolean secure) {

    /** Exchange attribute holding the request's {@link ClientOrigin}. */
    public static final String ATTRIBUTE = ClientOrigin.class.getName();

    /**
     * The request's origin; resolved by {@link ClientOriginWebFilter} before anything
     * reads it.
     */
    public static ClientOrigin of(ServerWebExchange exchange) {
        ClientOrigin origin = exchange.getAttribute(ATTRIBUTE);
        if (origin == null) {
            throw new IllegalStateException("ClientOriginWebFilter has not run for this request");
        }
        return origin;
    }

}
