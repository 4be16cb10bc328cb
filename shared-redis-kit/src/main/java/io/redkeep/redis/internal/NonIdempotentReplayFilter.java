package io.redkeep.redis.internal;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

import io.lettuce.core.RedisException;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;

/**
 * Lettuce replays commands that were in flight when a connection dropped (at-least-once).
 * For commands whose second execution changes the outcome (counters, appends, scripts)
 * that is wrong, so this filter drops them from the replay and fails them at once with
 * {@link NotReplayedException}: the caller learns the command may or may not have run,
 * instead of silently getting a double increment.
 */
public final class NonIdempotentReplayFilter implements Predicate<RedisCommand<?, ?, ?>> {

    private static final Set<CommandType> NON_IDEMPOTENT = EnumSet.of(CommandType.INCR, CommandType.INCRBY,
            CommandType.INCRBYFLOAT, CommandType.DECR, CommandType.DECRBY, CommandType.HINCRBY,
            CommandType.HINCRBYFLOAT, CommandType.ZINCRBY, CommandType.APPEND, CommandType.LPUSH, CommandType.RPUSH,
            CommandType.LPUSHX, CommandType.RPUSHX, CommandType.LPOP, CommandType.RPOP, CommandType.SPOP,
            CommandType.XADD, CommandType.EVAL, CommandType.EVALSHA, CommandType.PUBLISH, CommandType.GETDEL,
            CommandType.LMOVE, CommandType.RPOPLPUSH, CommandType.ZPOPMIN, CommandType.ZPOPMAX, CommandType.EXEC);

    @Override
    public boolean test(RedisCommand<?, ?, ?> command) {
        if (!isNonIdempotent(command.getType())) {
            return false;
        }
        command.completeExceptionally(new NotReplayedException(command.getType()));
        return true;
    }

    static boolean isNonIdempotent(ProtocolKeyword type) {
        return type instanceof CommandType commandType && NON_IDEMPOTENT.contains(commandType);
    }

    /**
     * A non-idempotent command was in flight when the connection dropped and was not
     * replayed: it may or may not have been applied.
     */
    public static final class NotReplayedException extends RedisException {

        NotReplayedException(ProtocolKeyword type) {
            super("Connection lost while " + type + " was in flight; not replayed because it is not idempotent");
        }

    }

}
