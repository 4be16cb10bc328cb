package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

    private final RedisRoleClient redis;

    private final RedisScript script;

    RedisRateLimiter(RedisRoleClient redis) {
        this.redis = redis;
        this.script = RedisScript.load("rate-limit");
    }

    Mono<List<PolicyOutcome>> decide(List<PolicyRequest> requests) {
        String[] keys = new String[requests.size()];
        String[] args = new String[requests.size() * 6];
        for (int i = 0; i < requests.size(); i++) {
            PolicyRequest request = requests.get(i);
            RateLimitPolicy policy = request.policy();
            keys[i] = request.key();
            int base = i * 6;
            args[base] = Integer.toString(policy.algorithm().code());
            args[base + 1] = Integer.toString(policy.limit());
            args[base + 2] = Long.toString(RateLimitPolicy.micros(policy.window()));
            args[base + 3] = Integer.toString(policy.burst());
            args[base + 4] = Integer.toString(policy.cost());
            args[base + 5] = Double.toString(policy.intervalMicros());
        }
        return this.script.<List<Object>>mono(this.redis, ScriptOutputType.MULTI, Arrays.asList(keys), args)
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
