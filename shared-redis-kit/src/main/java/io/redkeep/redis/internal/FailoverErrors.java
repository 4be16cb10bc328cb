package io.redkeep.redis.internal;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.RedisUnavailableException;

/**
 * Classifies Redis failures: which mean "the role is unavailable" (they trip the breaker
 * and become {@link RedisUnavailableException}) and which guarantee the command never ran
 * (so one retry is safe for any command, idempotent or not).
 */
final class FailoverErrors {

    private static final String REJECTED_PREFIX = "Currently not connected";

    private FailoverErrors() {
    }

    /**
     * The command was certainly not executed: a demoted master refused it (READONLY), or
     * the client rejected it before sending because it was disconnected.
     */
    static boolean neverExecuted(Throwable ex) {
        return isReadOnly(ex) || isRejectedWhileDisconnected(ex) || ex instanceof RedisConnectionException;
    }

    static boolean isReadOnly(Throwable ex) {
        return ex instanceof RedisReadOnlyException
                || (ex instanceof RedisException && ex.getMessage() != null && ex.getMessage().startsWith("READONLY"));
    }

    static boolean isRejectedWhileDisconnected(Throwable ex) {
        return ex instanceof RedisException && ex.getMessage() != null && ex.getMessage().startsWith(REJECTED_PREFIX);
    }

    /**
     * A failure of the role rather than of the command (a wrong type or a script error is
     * the caller's problem and must not open the breaker).
     */
    static boolean isInfrastructure(Throwable ex) {
        return ex instanceof RedisConnectionException || ex instanceof RedisCommandTimeoutException
                || ex instanceof TimeoutException || ex instanceof IOException || ex instanceof RedisLoadingException
                || ex instanceof RedisBusyException || ex instanceof NonIdempotentReplayFilter.NotReplayedException
                || isReadOnly(ex) || isRejectedWhileDisconnected(ex) || isConnectionClosed(ex)
                || (ex.getMessage() != null && ex.getMessage().startsWith("MASTERDOWN"));
    }

    private static boolean isConnectionClosed(Throwable ex) {
        return ex instanceof RedisException && "Connection closed".equals(ex.getMessage());
    }

    /**
     * What a caller sees: infrastructure failures as {@link RedisUnavailableException}.
     */
    static Throwable translate(RedisRole role, Throwable ex) {
        if (ex instanceof CallNotPermittedException) {
            return new RedisUnavailableException(role, "Redis " + role + " circuit breaker is open", ex);
        }
        if (isInfrastructure(ex)) {
            return new RedisUnavailableException(role, "Redis " + role + " unavailable: " + ex.getMessage(), ex);
        }
        return ex;
    }

}
