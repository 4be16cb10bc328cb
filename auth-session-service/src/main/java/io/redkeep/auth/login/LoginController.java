package io.redkeep.auth.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.redkeep.auth.user.UserInput;
import io.redkeep.auth.user.UserView;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code POST /api/auth/login}: a new session, its token in the body and in the
 * {@code rk_session} cookie.
 */
@RestController
class LoginController {

    private final LoginService logins;

    private final SessionCookies cookies;

    LoginController(LoginService logins, SessionCookies cookies) {
        this.logins = logins;
        this.cookies = cookies;
    }

    @PostMapping("/api/auth/login")
    Mono<LoginResponse> login(@RequestBody LoginRequest request, @CurrentCaller Caller caller,
            ServerWebExchange exchange) {
        List<FieldProblem> problems = new ArrayList<>();
        UserInput.email("email", request.email(), problems);
        UserInput.givenPassword("password", request.password(), problems);
        if (!problems.isEmpty()) {
            return Mono.error(ProblemException.validation(problems));
        }
        String userAgent = exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT);
        return this.logins.login(request.email(), request.password(), caller.ip(), userAgent)
            .doOnError(TooManyAttemptsException.class,
                    (ex) -> exchange.getResponse()
                        .getHeaders()
                        .set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds())))
            .map((loggedIn) -> {
                Instant expiresAt = loggedIn.session().session().expiresAt();
                this.cookies.issue(exchange, loggedIn.session().token(), expiresAt);
                exchange.getResponse().getHeaders().setCacheControl("no-store");
                return new LoginResponse(loggedIn.session().token(), expiresAt, UserView.of(loggedIn.user()));
            });
    }

    record LoginRequest(String email, String password) {
    }

    /**
     * @param token the opaque session token (also in the {@code rk_session} cookie)
     * @param expiresAt the session's absolute expiry (it ends earlier if left idle)
     * @param user the user
     */
    record LoginResponse(String token, @JsonFormat(shape = JsonFormat.Shape.STRING,
            pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", timezone = "UTC") Instant expiresAt, UserView user) {
    }

}
