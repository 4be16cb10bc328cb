package io.redkeep.auth.session;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.redkeep.auth.login.SessionCookies;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.session.SessionRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Logout, logout-all and the caller's session list: every revocation goes through
 * {@link SessionRevoker}.
 */
@RestController
class SessionController {

    private final SessionRevoker revoker;

    private final SessionCookies cookies;

    SessionController(SessionRevoker revoker, SessionCookies cookies) {
        this.revoker = revoker;
        this.cookies = cookies;
    }

    @PostMapping("/api/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@CurrentCaller Caller caller, ServerWebExchange exchange) {
        return signedIn(caller)
            .then(Mono
                .defer(() -> this.revoker.revoke(caller.requireUserId(), caller.sessionId().orElse(null), "logout")))
            .doOnSuccess((revoked) -> this.cookies.clear(exchange))
            .then();
    }

    @PostMapping("/api/auth/logout-all")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logoutAll(@CurrentCaller Caller caller, ServerWebExchange exchange) {
        return signedIn(caller)
            .then(Mono.defer(() -> this.revoker.revokeAllExcept(caller.requireUserId(), null, "logout_all")))
            .doOnSuccess((revoked) -> this.cookies.clear(exchange))
            .then();
    }

    @GetMapping("/api/auth/sessions")
    Mono<SessionPage> sessions(@CurrentCaller Caller caller) {
        return signedIn(caller).thenMany(Flux.defer(() -> this.revoker.list(caller.requireUserId())))
            .map((record) -> SessionView.of(record, caller.sessionId().orElse(null)))
            .collectList()
            .map(SessionPage::new);
    }

    @DeleteMapping("/api/auth/sessions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@PathVariable("id") String id, @CurrentCaller Caller caller, ServerWebExchange exchange) {
        return signedIn(caller).then(Mono.defer(() -> this.revoker.revoke(caller.requireUserId(), id, "deleted")))
            .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No such session")))
            .doOnNext((revoked) -> {
                if (caller.sessionId().filter(id::equals).isPresent()) {
                    this.cookies.clear(exchange);
                }
            })
            .then();
    }

    private static Mono<Void> signedIn(Caller caller) {
        if (caller == null || caller.isAnonymous()) {
            return Mono.error(new ProblemException(ProblemCode.UNAUTHENTICATED, "A session is required"));
        }
        return Mono.empty();
    }

    record SessionPage(List<SessionView> items) {
    }

    /**
     * A session as its owner sees it: public id only, never the token.
     */
    record SessionView(String id,
            @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
                    timezone = "UTC") Instant createdAt,
            @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
                    timezone = "UTC") Instant lastActiveAt,
            @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
                    timezone = "UTC") Instant expiresAt,
            String ip, String userAgent, boolean current) {

        static SessionView of(SessionRecord record, String currentId) {
            return new SessionView(record.publicId(), record.createdAt(), record.lastActiveAt(), record.expiresAt(),
                    record.ip(), record.userAgent(), record.publicId().equals(currentId));
        }

    }

}
