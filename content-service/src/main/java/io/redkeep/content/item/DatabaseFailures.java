package io.redkeep.content.item;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.r2dbc.spi.R2dbcTransientResourceException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Tells "PostgreSQL is down or unreachable" (answered {@code 503}) from other failures
 * (bugs, answered {@code 500}).
 */
public final class DatabaseFailures {

    private static final Log logger = LogFactory.getLog(DatabaseFailures.class);

    private DatabaseFailures() {
    }

    /** The {@code 503} answered for {@code ex}, logged with its cause. */
    public static ProblemException unavailable(Throwable ex) {
        logger.warn("Database unavailable: " + ex);
        return new ProblemException(ProblemCode.SERVICE_UNAVAILABLE, "The database is unavailable");
    }

    public static boolean isUnavailable(Throwable ex) {
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (current instanceof TimeoutException || current instanceof IOException
                    || current instanceof DataAccessResourceFailureException
                    || current instanceof TransientDataAccessResourceException
                    || current instanceof R2dbcNonTransientResourceException
                    || current instanceof R2dbcTransientResourceException
                    || current.getClass().getName().startsWith("io.r2dbc.postgresql.PostgresqlConnectionFactory")
                    || current.getClass().getName().startsWith("io.r2dbc.pool")
                    || current.getClass().getName().contains("ConnectionClosed")) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

}
