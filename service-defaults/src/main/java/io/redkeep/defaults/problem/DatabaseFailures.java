package io.redkeep.defaults.problem;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Tells "PostgreSQL is down or unreachable" (answered {@code 503 service_unavailable})
 * from other failures (bugs, answered {@code 500}), for services that use R2DBC (needs
 * {@code r2dbc-spi} and {@code spring-tx} on the class path, as
 * {@code spring-boot-starter-r2dbc} brings them). Use as
 * {@code .onErrorMap(DatabaseFailures::isUnavailable, DatabaseFailures::unavailable)}.
 */
public final class DatabaseFailures {

    private static final Log logger = LogFactory.getLog(DatabaseFailures.class);

    private DatabaseFailures() {
    }

    /**
     * The {@code 503} answered for {@code ex}, logged with its cause.
     * @param ex the failure
     * @return the problem
     */
    public static ProblemException unavailable(Throwable ex) {
        return unavailable(ex, "The database is unavailable");
    }

    /**
     * The {@code 503} answered for {@code ex} with {@code detail}, logged with its cause.
     * @param ex the failure
     * @param detail the problem's detail
     * @return the problem
     */
    public static ProblemException unavailable(Throwable ex, String detail) {
        logger.warn(detail + ": " + ex);
        return new ProblemException(ProblemCode.SERVICE_UNAVAILABLE, detail);
    }

    /**
     * Whether {@code ex} or one of its causes says the database cannot be reached.
     * @param ex the failure
     * @return whether to answer {@code 503}
     */
    public static boolean isUnavailable(Throwable ex) {
        return isUnavailable(ex, (current) -> false);
    }

    /**
     * Whether {@code ex} or one of its causes says the database, or another backing store
     * that {@code alsoUnavailable} recognizes, cannot be reached. A
     * {@link ProblemException} in the chain is already an answer: never remapped.
     * @param ex the failure
     * @param alsoUnavailable other failures that mean "unavailable"
     * @return whether to answer {@code 503}
     */
    public static boolean isUnavailable(Throwable ex, Predicate<Throwable> alsoUnavailable) {
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (current instanceof ProblemException) {
                return false;
            }
            if (isConnectionFailure(current) || alsoUnavailable.test(current)) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable current) {
        String type = current.getClass().getName();
        return current instanceof TimeoutException || current instanceof IOException
                || current instanceof DataAccessResourceFailureException
                || current instanceof TransientDataAccessResourceException
                || current instanceof R2dbcNonTransientResourceException
                || current instanceof R2dbcTransientResourceException
                || type.startsWith("io.r2dbc.postgresql.PostgresqlConnectionFactory")
                || type.startsWith("io.r2dbc.pool") || type.contains("ConnectionClosed");
    }

}
