package io.redkeep.auth;

import java.time.Duration;

import io.redkeep.auth.event.AuthEvents;
import io.redkeep.auth.event.OutboxRelay;
import io.redkeep.auth.login.LoginLockout;
import io.redkeep.auth.login.LoginService;
import io.redkeep.auth.login.SessionCookies;
import io.redkeep.auth.password.PasswordChange;
import io.redkeep.auth.password.PasswordHasher;
import io.redkeep.auth.session.SessionRevoker;
import io.redkeep.auth.user.UserAccounts;
import io.redkeep.auth.user.UserRepository;
import io.redkeep.auth.user.UserView;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.cache.CacheSpec;
import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.stream.EventStreams;
import io.redkeep.session.SessionStore;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The service's beans: users and passwords in PostgreSQL, sessions and lockout in Redis,
 * events through the outbox.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class AuthConfiguration {

    @Bean
    PasswordHasher passwordHasher(AuthProperties properties) {
        return new PasswordHasher(properties.password());
    }

    @Bean
    UserRepository userRepository(DatabaseClient db, AuthProperties properties) {
        return new UserRepository(db, properties.databaseTimeout());
    }

    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    @Bean
    AuthEvents authEvents(DatabaseClient db, TransactionalOperator transactions, EventStreams streams, EventCodec codec,
            Environment environment, AuthProperties properties) {
        return new AuthEvents(db, transactions, streams, codec,
                environment.getProperty("spring.application.name", "auth-session-service"),
                properties.databaseTimeout());
    }

    @Bean
    OutboxRelay outboxRelay(AuthEvents events) {
        return new OutboxRelay(events, Duration.ofSeconds(5));
    }

    @Bean
    LoginLockout loginLockout(RedisRoles redis, AuthProperties properties) {
        return new LoginLockout(redis, properties.lockout());
    }

    @Bean
    SessionCookies sessionCookies(AuthProperties properties) {
        return new SessionCookies(properties.cookies().secure());
    }

    @Bean
    SessionRevoker sessionRevoker(SessionStore sessions, AuthEvents events) {
        return new SessionRevoker(sessions, events);
    }

    @Bean
    LoginService loginService(UserRepository users, PasswordHasher hasher, LoginLockout lockout, SessionStore sessions,
            AuthEvents events) {
        return new LoginService(users, hasher, lockout, sessions, events);
    }

    @Bean
    PasswordChange passwordChange(UserRepository users, PasswordHasher hasher, TransactionalOperator transactions,
            AuthEvents events, SessionRevoker revoker) {
        return new PasswordChange(users, hasher, transactions, events, revoker);
    }

    @Bean
    UserAccounts userAccounts(UserRepository users, PasswordHasher hasher, TransactionalOperator transactions,
            AuthEvents events, ReactiveCaches caches, SessionStore sessions, AuthProperties properties) {
        // tk:cache:user:{id}:profile (spec/internal.md)
        return new UserAccounts(users, hasher, transactions, events,
                caches.create(CacheSpec.of("user", UserView.class, properties.profileCacheTtl())), sessions);
    }

    @Bean
    DependencyFailureFilter dependencyFailureFilter() {
        return new DependencyFailureFilter();
    }

}
