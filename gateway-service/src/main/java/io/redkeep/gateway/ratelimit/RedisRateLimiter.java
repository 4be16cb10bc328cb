package io.redkeep.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.redkeep.redis.RedisRoleClient;
import reactor.core.publisher.Mono;

/**
 * Decides all policies of a request in one Redis round trip: one EVALSHA of
 * {@code META-INF/scripts/rate-limit.lua}, re-sent with EVAL only when the server lost
 * the script (NOSCRIPT after a restart or failover).
 */
class RedisRateLimiter {

    static final String SCRIPT_LOCATION = "META-INF/scripts/rate-limit.lua";

    private static final int FIELDS_PER_POLICY = 4;

    private final RedisRoleClient redis;

    private final String script;

    private final String sha;

    RedisRateLimiter(RedisRoleClient redis) {
        this.redis = redis;
        this.script = load();
        this.sha = sha1(this.script);
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
        return this.redis.mono((commands) -> run(commands, keys, args)).map((reply) -> outcomes(requests, reply));
    }

    private Mono<List<Object>> run(RedisReactiveCommands<String, String> commands, String[] keys, String[] args) {
        return commands.<List<Object>>evalsha(this.sha, ScriptOutputType.MULTI, keys, args)
            .next()
            .onErrorResume(RedisNoScriptException.class,
                    (ex) -> commands.<List<Object>>eval(this.script, ScriptOutputType.MULTI, keys, args).next());
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

    private static String load() {
        try (InputStream in = RedisRateLimiter.class.getClassLoader().getResourceAsStream(SCRIPT_LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_LOCATION + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", ex);
        }
    }

}
