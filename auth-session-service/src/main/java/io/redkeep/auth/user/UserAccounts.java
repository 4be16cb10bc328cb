package io.redkeep.auth.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.redkeep.auth.event.AuthEventTypes;
import io.redkeep.auth.event.AuthEvents;
import io.redkeep.auth.password.PasswordHasher;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.redis.cache.ReactiveCache;
import io.redkeep.redis.event.EventIds;
import io.redkeep.session.SessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Registration, profiles and the user directory. A user row and its
 * {@code user.registered} event commit together (outbox), so a crash leaves either both
 * or neither.
 */
public class UserAccounts {

    /** The part of {@code tk:cache:user:{id}:profile}. */
    static final String PROFILE = "profile";

    private static final Log logger = LogFactory.getLog(UserAccounts.class);

    private final UserRepository users;

    private final PasswordHasher hasher;

    private final TransactionalOperator transactions;

    private final AuthEvents events;

    private final ReactiveCache<UserView> profiles;

    private final SessionStore sessions;

    public UserAccounts(UserRepository users, PasswordHasher hasher, TransactionalOperator transactions,
            AuthEvents events, ReactiveCache<UserView> profiles, SessionStore sessions) {
        this.users = users;
        this.hasher = hasher;
        this.transactions = transactions;
        this.events = events;
        this.profiles = profiles;
        this.sessions = sessions;
    }

    /**
     * Registers a user (role {@code user}). The early email check spares an Argon2 hash
     * for taken emails; the unique index settles races.
     */
    public Mono<UserView> register(String email, String password, String displayName) {
        return this.users.findByEmail(email)
            .flatMap((existing) -> Mono.<String>error(new EmailTakenException()))
            .switchIfEmpty(this.hasher.hash(password))
            .flatMap((hash) -> {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                User user = new User(UUID.fromString(EventIds.next()), email, displayName, "user", hash, now, now);
                return this.users.insert(user)
                    .flatMap((inserted) -> this.events
                        .stage(AuthEventTypes.USER_REGISTERED, inserted.id().toString(), userData(inserted))
                        .thenReturn(inserted))
                    .as(this.transactions::transactional);
            })
            .flatMap((user) -> this.events.relay().thenReturn(UserView.of(user)));
    }

    /** The caller's profile, through {@code tk:cache:user:{id}:profile}. */
    public Mono<UserView> profile(UUID userId) {
        return this.profiles.get(userId.toString(), PROFILE, () -> this.users.findById(userId).map(UserView::of))
            .map((result) -> result.value())
            .switchIfEmpty(
                    Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "The user no longer exists")));
    }

    /**
     * Changes the display name, invalidates the cached profile and copies the name into
     * the user's live sessions (the gateway's {@code name} claim).
     */
    public Mono<UserView> rename(UUID userId, String displayName) {
        return this.users.updateDisplayName(userId, displayName, Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .switchIfEmpty(
                    Mono.error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "The user no longer exists")))
            .flatMap((user) -> this.events.stage(AuthEventTypes.USER_UPDATED, user.id().toString(), userData(user))
                .thenReturn(user))
            .as(this.transactions::transactional)
            .flatMap((user) -> this.profiles.evict(userId.toString(), PROFILE)
                .then(this.sessions.updateUser(user.id().toString(), user.displayName(), user.role()))
                .onErrorResume((ex) -> {
                    // The change is committed; a cache or session copy lagging is not
                    // worth a 5xx.
                    logger.warn("Profile cache or session update after rename failed: " + ex);
                    return Mono.empty();
                })
                .then(this.events.relay())
                .thenReturn(UserView.of(user)));
    }

    /** The user with exactly this email ignoring case, if any. */
    public Mono<User> findByEmail(String email) {
        return this.users.findByEmail(email);
    }

    static AuthEventTypes.UserData userData(User user) {
        return new AuthEventTypes.UserData(user.id().toString(), user.displayName(), user.role(),
                UserView.timestamp(user.createdAt()));
    }

}
