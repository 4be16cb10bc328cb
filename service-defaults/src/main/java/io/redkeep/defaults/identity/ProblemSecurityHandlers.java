package io.redkeep.defaults.identity;

import reactor.core.publisher.Mono;

import io.redkeep.defaults.problem.Problem;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemResponseWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Security's 401 and 403 answers as problem+json. An anonymous internal token on a path
 * that needs a user is a missing user, so it is {@code 401 unauthenticated}, not
 * {@code 403}.
 */
public class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private final ProblemResponseWriter writer;

    public ProblemSecurityHandlers(ProblemResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        return unauthenticated(exchange, "A valid internal token is required");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return exchange.getPrincipal()
            .ofType(CallerAuthentication.class)
            .map((authentication) -> authentication.getPrincipal().isAnonymous())
            .defaultIfEmpty(false)
            .flatMap((anonymous) -> anonymous ? unauthenticated(exchange, "This path requires a signed-in user")
                    : this.writer.write(exchange, ProblemCode.FORBIDDEN, "Access denied"));
    }

    private Mono<Void> unauthenticated(ServerWebExchange exchange, String detail) {
        return this.writer.write(exchange,
                Problem.of(ProblemCode.UNAUTHENTICATED, detail).withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
    }

}
