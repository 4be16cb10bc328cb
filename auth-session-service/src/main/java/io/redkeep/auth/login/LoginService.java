package io.redkeep.auth.login;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.redkeep.auth.event.AuthEventTypes;
import io.redkeep.auth.event.AuthEvents;
import io.redkeep.auth.password.PasswordHasher;
import io.redkeep.auth.user.User;
import io.redkeep.auth.user.UserRepository;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.session.IssuedSession;
import io.redkeep.session.NewSession;
import io.redkeep.session.SessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Login: lockout check first, then the password (or, for an unknown email, a dummy
 * verification of the same cost), then a new session with a new token.
 */
public class LoginService {

    private static final Log logger = LogFactory.getLog(LoginService.class);

    private final UserRepository users;

    private final PasswordHasher hasher;

    private final LoginLockout lockout;

    private final SessionStore sessions;

    private final AuthEvents events;

    public LoginService(UserRepository users, PasswordHasher hasher, LoginLockout lockout, SessionStore sessions,
            AuthEvents events) {
        this.users = users;
        this.hasher = hasher;
        this.lockout = lockout;
        this.sessions = sessions;
        this.events = events;
    }

    /**
     * Logs in; fails with {@link TooManyAttemptsException} while locked and with
     * {@code 401 invalid_credentials} for an unknown email or a wrong password alike.
     */
    public Mono<LoggedIn> login(String email, String password, String ip, String userAgent) {
        return this.lockout.lockedFor(email, ip).flatMap((locked) -> {
            if (!locked.isZero()) {
                return Mono.error(new TooManyAttemptsException(locked));
            }
            return this.users.findByEmail(email)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap((user) -> verify(user, password).flatMap((valid) -> {
                    if (!valid) {
                        return this.lockout.recordFailure(email, ip)
                            .then(Mono.error(new ProblemException(ProblemCode.INVALID_CREDENTIALS,
                                    "Email or password is wrong")));
                    }
                    return succeed(user.get(), password, ip, userAgent);
                }));
        });
    }

    private Mono<Boolean> verify(Optional<User> user, String password) {
        return user.map((found) -> this.hasher.matches(password, found.passwordHash()))
            .orElseGet(() -> this.hasher.burn(password));
    }

    private Mono<LoggedIn> succeed(User user, String password, String ip, String userAgent) {
        NewSession session = new NewSession(user.id().toString(), user.role(), user.displayName(), ip, userAgent);
        return this.lockout.clear(user.email())
            .then(this.sessions.create(session))
            .flatMap((issued) -> this.events
                .appendNow(AuthEventTypes.USER_LOGGED_IN, user.id().toString(),
                        new AuthEventTypes.LoginData(user.id().toString(), issued.session().publicId()))
                .then(rehashIfOutdated(user, password))
                .thenReturn(new LoggedIn(issued, user)));
    }

    /**
     * Upgrades a hash made with older Argon2 parameters while the plain password is at
     * hand. Best effort: the login has succeeded either way.
     */
    private Mono<Void> rehashIfOutdated(User user, String password) {
        if (!this.hasher.needsRehash(user.passwordHash())) {
            return Mono.empty();
        }
        return this.hasher.hash(password)
            .flatMap((hash) -> this.users.updatePasswordHash(user.id(), hash,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS)))
            .doOnNext(
                    (updated) -> logger.info("Rehashed the password of user " + user.id() + " with current parameters"))
            .onErrorResume((ex) -> {
                logger.warn("Rehash of user " + user.id() + " failed: " + ex);
                return Mono.empty();
            })
            .then();
    }

    /**
     * A successful login.
     *
     * @param session the new session and its token
     * @param user the user
     */
    public record LoggedIn(IssuedSession session, User user) {
    }

}
