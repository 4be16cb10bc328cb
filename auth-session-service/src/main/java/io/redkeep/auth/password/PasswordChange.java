package io.redkeep.auth.password;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.redkeep.auth.event.AuthEventTypes;
import io.redkeep.auth.event.AuthEvents;
import io.redkeep.auth.session.SessionRevoker;
import io.redkeep.auth.user.UserInput;
import io.redkeep.auth.user.UserRepository;
import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Changing a password: the current one is verified, the new hash and its
 * {@code password.changed} event commit together, then every other session of the user is
 * revoked (the caller's is kept).
 */
public class PasswordChange {

    private final UserRepository users;

    private final PasswordHasher hasher;

    private final TransactionalOperator transactions;

    private final AuthEvents events;

    private final SessionRevoker revoker;

    public PasswordChange(UserRepository users, PasswordHasher hasher, TransactionalOperator transactions,
            AuthEvents events, SessionRevoker revoker) {
        this.users = users;
        this.hasher = hasher;
        this.transactions = transactions;
        this.events = events;
        this.revoker = revoker;
    }

    public Mono<Void> change(UUID userId, String currentSessionId, String currentPassword, String newPassword) {
        return this.users.findById(userId)
            .switchIfEmpty(
                    Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "The user no longer exists")))
            .flatMap((user) -> {
                List<FieldProblem> problems = new ArrayList<>();
                UserInput.newPassword("newPassword", newPassword, user.email(), problems);
                if (!problems.isEmpty()) {
                    return Mono.error(ProblemException.validation(problems));
                }
                return this.hasher.matches(currentPassword, user.passwordHash()).flatMap((valid) -> {
                    if (!valid) {
                        return Mono.error(
                                new ProblemException(ProblemCode.INVALID_CREDENTIALS, "The current password is wrong"));
                    }
                    return this.hasher.hash(newPassword);
                });
            })
            .flatMap((hash) -> this.users.updatePasswordHash(userId, hash, Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .flatMap((user) -> this.events.stage(AuthEventTypes.PASSWORD_CHANGED, userId.toString(),
                        new AuthEventTypes.PasswordData(userId.toString())))
                .as(this.transactions::transactional))
            .then(Mono
                .defer(() -> this.revoker.revokeAllExcept(userId.toString(), currentSessionId, "password_changed")))
            .then(Mono.defer(this.events::relay))
            .then();
    }

}
