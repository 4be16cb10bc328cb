package io.redkeep.auth.login;

import java.time.Duration;
import java.util.Map;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;

/**
 * {@code 429 too_many_attempts}: the account or IP is locked for
 * {@link #retryAfterSeconds()}.
 */
public class TooManyAttemptsException extends ProblemException {

    private final long retryAfterSeconds;

    public TooManyAttemptsException(Duration lockedFor) {
        this(Math.max(1, (lockedFor.toMillis() + 999) / 1000));
    }

    private TooManyAttemptsException(long retryAfterSeconds) {
        super(ProblemCode.TOO_MANY_ATTEMPTS.status(), ProblemCode.TOO_MANY_ATTEMPTS,
                "Too many failed logins; try again in " + retryAfterSeconds + " seconds",
                Map.of("retryAfter", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return this.retryAfterSeconds;
    }

}
