package io.redkeep.gateway.browser;

import io.redkeep.gateway.client.ClientOrigin;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The response headers spec/http-api.md makes the gateway's duty, set when the response
 * is committed so a backend cannot weaken them: {@code nosniff}, {@code no-referrer}, a
 * CSP with {@code frame-ancestors 'none'}, and HSTS when the client used HTTPS.
 */
public class SecurityHeadersWebFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

    private final String contentSecurityPolicy;

    public SecurityHeadersWebFilter(String contentSecurityPolicy) {
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            String csp = headers.getFirst("Content-Security-Policy");
            if (csp == null || !csp.contains("frame-ancestors")) {
                headers.set("Content-Security-Policy",
                        (csp == null) ? this.contentSecurityPolicy : csp + "; " + this.contentSecurityPolicy);
            }
            ClientOrigin origin = exchange.getAttribute(ClientOrigin.ATTRIBUTE);
            if (origin != null && origin.secure()) {
                headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
        }));
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

}
