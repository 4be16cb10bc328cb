package io.redkeep.analytics.web;

import io.redkeep.defaults.problem.DatabaseFailures;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.redis.RedisUnavailableException;
import reactor.core.publisher.Mono;

/**
 * Turns "PostgreSQL or the state role is unreachable" into {@code 503
 * service_unavailable} (service-defaults' {@link DatabaseFailures} plus Redis failures);
 * other failures stay what they are (bugs answer {@code 500}).
 */
public final class Unavailable {

    private Unavailable() {
    }

    /** {@code work} with failures of a dependency answered as {@code 503}. */
    public static <T> Mono<T> guard(Mono<T> work) {
        return work.onErrorMap(Unavailable::isUnavailable, Unavailable::unavailable);
    }

    public static ProblemException unavailable(Throwable ex) {
        return DatabaseFailures.unavailable(ex, "A backing store is unavailable");
    }

    public static boolean isUnavailable(Throwable ex) {
        return DatabaseFailures.isUnavailable(ex, (current) -> current instanceof RedisUnavailableException
                || current instanceof io.lettuce.core.RedisException);
    }

}
