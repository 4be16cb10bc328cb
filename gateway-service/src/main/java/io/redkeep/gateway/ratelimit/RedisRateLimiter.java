package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Decides all policies of a request in one Redis round trip: one EVALSHA of
 * {@code META-INF/scripts/rate-limit.lua} through the kit's {@link RedisScript}, which
 * loads the script again only when the server lost it (NOSCRIPT after a restart or
 * failover).
 */
class RedisRateLimiter {

    private static final int FIELDS_PER_POLICY = 4;

    private static final int ARGUMENTS_PER_POLICY = 6;

    private final RedisRoleClient redis;

    private final RedisScript script;

    RedisRateLimiter(RedisRoleClient redis) {
        this.redis = redis;
        this.script = RedisScript.load("rate-limit");
    }

    Mono<List<PolicyOutcome>> decide(List<PolicyRequest> requests) {
        String[] keys = new String[requests.size()];
        String[] args = new String[requests.size() * ARGUMENTS_PER_POLICY];
        for (int i = 0; i < requests.size(); i++) {
            PolicyRequest request = requests.get(i);
            keys[i] = request.key();
            System.arraycopy(request.policy().scriptArguments(), 0, args, i * ARGUMENTS_PER_POLICY,
                    ARGUMENTS_PER_POLICY);
        }
        return this.redis
            .mono((commands) -> this.script.<List<Object>>evalsha(commands, ScriptOutputType.MULTI, keys, args).next())
            .map((reply) -> outcomes(requests, reply));
    }

    private static List<PolicyOutcome> outcomes(List<PolicyRequest> requests, List<Object> reply) {
        if (reply.size() != 1 + requests.size() * FIELDS_PER_POLICY) {
            throw new IllegalStateException("unexpected rate-limit script reply of " + reply.size() + " values");
        }
        List<PolicyOutcome> outcomes = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            int base = 1 + i * FIELDS_PER_POLICY;
            outcomes.add(new PolicyOutcome(requests.get(i).policy(), number(reply.get(base)) == 1,
                    number(reply.get(base + 1)), Duration.ofMillis(number(reply.get(base + 2))),
                    Duration.ofMillis(number(reply.get(base + 3)))));
        }
        return outcomes;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

}
