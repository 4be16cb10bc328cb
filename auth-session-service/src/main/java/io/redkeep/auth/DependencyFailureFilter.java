package io.redkeep.auth;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.r2dbc.spi.R2dbcException;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Turns an unavailable dependency (Redis breaker open or deadline passed, PostgreSQL
 * unreachable or too slow) into {@code 503 service_unavailable} rather than a 500: the
 * request may succeed later, and the client should be told so.
 */
class DependencyFailureFilter implements WebFilter, Ordered {

    private static final Logger logger = LoggerFactory.getLogger(DependencyFailureFilter.class);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).onErrorMap(DependencyFailureFilter::isUnavailable, (ex) -> {
            // The problem body hides the cause from clients; operators need it.
            logger.warn("{} {} answered 503: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    ex.toString(), ex);
            return new ProblemException(ProblemCode.SERVICE_UNAVAILABLE,
                    "A backing service is unavailable; try again shortly");
        });
    }

    static boolean isUnavailable(Throwable ex) {
        if (ex instanceof ProblemException || ex instanceof DataIntegrityViolationException) {
            return false;
        }
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (current instanceof RedisUnavailableException || current instanceof RedisConnectionException
                    || current instanceof TimeoutException || current instanceof ConnectException
                    || current instanceof TransactionException || current instanceof R2dbcException
                    || (current instanceof DataAccessException && !(current instanceof DataIntegrityViolationException))
                    || current instanceof RedisException) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        // Inside the request-id/access-log and body-size filters, around everything else.
        return Ordered.HIGHEST_PRECEDENCE + 200;
    }

}
