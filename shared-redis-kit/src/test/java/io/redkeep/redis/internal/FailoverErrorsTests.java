package io.redkeep.redis.internal;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.protocol.CommandType;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.RedisUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverErrorsTests {

    @Test
    void readOnlyAndRejectionsNeverRan() {
        assertThat(FailoverErrors.neverExecuted(new RedisReadOnlyException("READONLY You can't write"))).isTrue();
        assertThat(FailoverErrors
            .neverExecuted(new RedisCommandExecutionException("READONLY You can't write against a read only replica.")))
            .isTrue();
        assertThat(FailoverErrors.neverExecuted(new RedisException("Currently not connected. Commands are rejected.")))
            .isTrue();
    }

    @Test
    void aTimeoutMayHaveRunSoItIsNotRetried() {
        assertThat(FailoverErrors.neverExecuted(new RedisCommandTimeoutException("Command timed out"))).isFalse();
        assertThat(FailoverErrors.neverExecuted(new RedisException("Connection closed"))).isFalse();
    }

    @Test
    void callerMistakesDoNotOpenTheBreaker() {
        assertThat(FailoverErrors.isInfrastructure(new RedisCommandExecutionException("WRONGTYPE Operation")))
            .isFalse();
        assertThat(FailoverErrors.isInfrastructure(new RedisNoScriptException("NOSCRIPT No matching script")))
            .isFalse();
        assertThat(FailoverErrors.isInfrastructure(new RedisConnectionException("refused"))).isTrue();
        assertThat(FailoverErrors.isInfrastructure(new RedisCommandTimeoutException("timed out"))).isTrue();
    }

    @Test
    void callersNeverSeeReadOnlyOrAnOpenBreakerRaw() {
        assertThat(FailoverErrors.translate(RedisRole.STATE, new RedisReadOnlyException("READONLY")))
            .isInstanceOf(RedisUnavailableException.class);
        CallNotPermittedException open = CallNotPermittedException
            .createCallNotPermittedException(CircuitBreaker.ofDefaults("x"));
        assertThat(FailoverErrors.translate(RedisRole.CACHE, open)).isInstanceOf(RedisUnavailableException.class)
            .hasMessageContaining("circuit breaker is open");
        RedisCommandExecutionException wrongType = new RedisCommandExecutionException("WRONGTYPE");
        assertThat(FailoverErrors.translate(RedisRole.STATE, wrongType)).isSameAs(wrongType);
    }

    @Test
    void nonIdempotentCommandsAreNotReplayed() {
        assertThat(NonIdempotentReplayFilter.isNonIdempotent(CommandType.INCR)).isTrue();
        assertThat(NonIdempotentReplayFilter.isNonIdempotent(CommandType.EVALSHA)).isTrue();
        assertThat(NonIdempotentReplayFilter.isNonIdempotent(CommandType.XADD)).isTrue();
        assertThat(NonIdempotentReplayFilter.isNonIdempotent(CommandType.GET)).isFalse();
        assertThat(NonIdempotentReplayFilter.isNonIdempotent(CommandType.SET)).isFalse();
        assertThat(NonIdempotentReplayFilter.isNonIdempotent(CommandType.DEL)).isFalse();
    }

}
