package io.redkeep.analytics.web;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.redis.RedisUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Turns "PostgreSQL or the state role is unreachable" into {@code 503
 * service_unavailable}; other failures stay what they are (bugs answer {@code 500}).
 */
public final class Unavailable {

    private static final Log logger = LogFactory.getLog(Unavailable.class);

    private Unavailable() {
    }

    /** {@code work} with failures of a dependency answered as {@code 503}. */
    public static <T> Mono<T> guard(Mono<T> work) {
        return work.onErrorMap(Unavailable::isUnavailable, Unavailable::unavailable);
    }

    public static ProblemException unavailable(Throwable ex) {
        logger.warn("Dependency unavailable: " + ex);
        return new ProblemException(ProblemCode.SERVICE_UNAVAILABLE, "A backing store is unavailable");
    }

    public static boolean isUnavailable(Throwable ex) {
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (current instanceof ProblemException) {
                return false;
            }
            if (current instanceof TimeoutException || current instanceof IOException
                    || current instanceof RedisUnavailableException || current instanceof io.lettuce.core.RedisException
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
