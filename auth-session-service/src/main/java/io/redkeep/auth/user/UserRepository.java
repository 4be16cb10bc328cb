package io.redkeep.auth.user;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The {@code users} table over R2DBC. Email lookups go through {@code lower(email)} so
 * they use the unique expression index. Every call has a deadline: a stuck database
 * surfaces as {@link java.util.concurrent.TimeoutException}, answered {@code 503}.
 */
public class UserRepository {

    private static final String COLUMNS = "id, email, display_name, role, password_hash, created_at, updated_at";

    private final DatabaseClient db;

    private final Duration timeout;

    public UserRepository(DatabaseClient db, Duration timeout) {
        this.db = db;
        this.timeout = timeout;
    }

    /**
     * Inserts a user; fails with {@link EmailTakenException} when the email exists in any
     * letter case.
     */
    public Mono<User> insert(User user) {
        return this.db
            .sql("insert into users (" + COLUMNS + ") values (:id, :email, :displayName, :role, :passwordHash, "
                    + ":createdAt, :updatedAt)")
            .bind("id", user.id())
            .bind("email", user.email())
            .bind("displayName", user.displayName())
            .bind("role", user.role())
            .bind("passwordHash", user.passwordHash())
            .bind("createdAt", utc(user.createdAt()))
            .bind("updatedAt", utc(user.updatedAt()))
            .fetch()
            .rowsUpdated()
            .timeout(this.timeout)
            .onErrorMap(DuplicateKeyException.class, (ex) -> new EmailTakenException())
            .thenReturn(user);
    }

    public Mono<User> findById(UUID id) {
        return this.db.sql("select " + COLUMNS + " from users where id = :id")
            .bind("id", id)
            .map(UserRepository::user)
            .one()
            .timeout(this.timeout);
    }

    /** The user whose email equals {@code email} ignoring case. */
    public Mono<User> findByEmail(String email) {
        return this.db.sql("select " + COLUMNS + " from users where lower(email) = lower(:email)")
            .bind("email", email)
            .map(UserRepository::user)
            .one()
            .timeout(this.timeout);
    }

    public Mono<User> updateDisplayName(UUID id, String displayName, Instant now) {
        return this.db
            .sql("update users set display_name = :displayName, updated_at = :now where id = :id returning " + COLUMNS)
            .bind("id", id)
            .bind("displayName", displayName)
            .bind("now", utc(now))
            .map(UserRepository::user)
            .one()
            .timeout(this.timeout);
    }

    public Mono<User> updatePasswordHash(UUID id, String passwordHash, Instant now) {
        return this.db
            .sql("update users set password_hash = :hash, updated_at = :now where id = :id returning " + COLUMNS)
            .bind("id", id)
            .bind("hash", passwordHash)
            .bind("now", utc(now))
            .map(UserRepository::user)
            .one()
            .timeout(this.timeout);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static User user(Readable row) {
        return new User(row.get("id", UUID.class), row.get("email", String.class),
                row.get("display_name", String.class), row.get("role", String.class),
                row.get("password_hash", String.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }

}
