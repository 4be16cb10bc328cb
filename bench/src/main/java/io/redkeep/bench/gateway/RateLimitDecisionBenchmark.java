package io.redkeep.bench.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redkeep.gateway.ratelimit.DistributedRateLimiter;
import io.redkeep.gateway.ratelimit.PolicyRequest;
import io.redkeep.gateway.ratelimit.RateLimitPolicy;
import io.redkeep.gateway.ratelimit.RateLimitProperties;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.script.RedisScript;
import io.redkeep.testsupport.RedisServer;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The gateway's rate-limit decision (two policies, {@code general} sliding window and
 * {@code search} fixed window, as on {@code GET /api/search}) against a bare EVALSHA of a
 * trivial script, on the same Redis server at the same concurrency. The decision is the
 * gateway's own {@link DistributedRateLimiter} (script, deadline, circuit breaker,
 * metrics on a Prometheus registry), built from bound configuration as the gateway builds
 * it; its keys are built per request as the gateway's filter builds them. Two diagnostic
 * rows split the difference: the trivial script through the kit, and the rate-limit
 * script itself sent with raw Lettuce.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ratelimit [rounds] [seconds] [concurrency]
 * </pre>
 */
public final class RateLimitDecisionBenchmark {

    static final String TRIVIAL_RAW = "EVALSHA trivial, raw Lettuce";

    static final String TRIVIAL_KIT = "EVALSHA trivial, kit";

    static final String SCRIPT_RAW = "rate-limit script, raw Lettuce";

    static final String DECISION = "decision (DistributedRateLimiter)";

    private RateLimitDecisionBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
        Duration measure = Duration.ofSeconds((args.length > 1) ? Integer.parseInt(args[1]) : 5);
        int concurrency = (args.length > 2) ? Integer.parseInt(args[2]) : 16;
        Duration warmup = Duration.ofSeconds(2);
        System.out.printf("rate-limit decision benchmark: %d rounds of %s, %d in flight, %d CPUs%n", rounds, measure,
                concurrency, Runtime.getRuntime().availableProcessors());

        try (RedisServer server = RedisServer.builder().start(); BenchRedis kit = new BenchRedis(server)) {
            RedisClient rawClient = RedisClient.create(server.uri());
            StatefulRedisConnection<String, String> rawConnection = rawClient.connect();
            RedisReactiveCommands<String, String> raw = rawConnection.reactive();
            RedisScript trivial = RedisScript.load("bench-incr");
            RedisScript rateLimit = RedisScript.load("rate-limit");
            raw.scriptLoad(trivial.source()).block();
            raw.scriptLoad(rateLimit.source()).block();
            String trivialKey = kit.roles().keys().key("bench").part("trivial").build();

            RateLimitProperties properties = properties();
            List<RateLimitPolicy> policies = new ArrayList<>();
            new TreeMap<>(properties.policies())
                .forEach((name, policy) -> policies.add(RateLimitPolicy.of(name, policy)));
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            DistributedRateLimiter limiter = DistributedRateLimiter.create(properties, kit.roles().state(), meters);
            RedisKeys keys = kit.roles().keys();
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                users.add(UUID.randomUUID().toString());
            }
            List<String[]> scriptKeys = new ArrayList<>();
            for (String user : users) {
                scriptKeys.add(requests(keys, policies, user).stream().map(PolicyRequest::key).toArray(String[]::new));
            }
            String[] scriptArgs = scriptArgs(policies);
            AtomicLong sequence = new AtomicLong();

            List<Load.Result> results = new ArrayList<>();
            // round 0 warms the JIT up and is not reported
            for (int round = 0; round <= rounds; round++) {
                if (round == 1) {
                    results.clear();
                }
                results.add(Load.closed(TRIVIAL_RAW, concurrency, warmup, measure,
                        () -> raw.evalsha(trivial.sha(), ScriptOutputType.INTEGER, trivialKey).next()));
                results.add(Load.closed(TRIVIAL_KIT, concurrency, warmup, measure,
                        () -> trivial.mono(kit.roles().state(), ScriptOutputType.INTEGER, List.of(trivialKey))));
                results.add(
                        Load.closed(SCRIPT_RAW, concurrency, warmup, measure,
                                () -> raw.evalsha(rateLimit.sha(), ScriptOutputType.MULTI,
                                        scriptKeys.get((int) (sequence.getAndIncrement() % users.size())), scriptArgs)
                                    .next()));
                results.add(Load.closed(DECISION, concurrency, warmup, measure, () -> limiter
                    .decide(requests(keys, policies, users.get((int) (sequence.getAndIncrement() % users.size()))))
                    .doOnNext((decision) -> {
                        if (decision.fallback()) {
                            throw new IllegalStateException("decided by the fallback, not Redis");
                        }
                    })));
            }
            Load.print(results);
            System.out.printf("%nMedians over %d rounds (%d in flight):%n", rounds, concurrency);
            double baseline = Load.median(results, TRIVIAL_RAW, Load.Result::p99);
            for (String name : List.of(TRIVIAL_RAW, TRIVIAL_KIT, SCRIPT_RAW, DECISION)) {
                double p99 = Load.median(results, name, Load.Result::p99);
                System.out.printf("  %-36s %9.0f calls/s  p50 %5.0f us  p99 %5.0f us  p99 ratio %.2f  errors %.0f%n",
                        name, Load.median(results, name, Load.Result::throughput),
                        Load.median(results, name, Load.Result::p50), p99, p99 / baseline,
                        Load.median(results, name, Load.Result::errors));
            }
            System.out.println("  target: decision p99 <= 1.5 x trivial EVALSHA p99");
            rawConnection.close();
            rawClient.shutdown();
        }
        System.exit(0);
    }

    /**
     * The policies' keys as the gateway's filter builds them for an authenticated user.
     */
    private static List<PolicyRequest> requests(RedisKeys keys, List<RateLimitPolicy> policies, String user) {
        List<PolicyRequest> requests = new ArrayList<>(policies.size());
        for (RateLimitPolicy policy : policies) {
            requests.add(new PolicyRequest(policy, keys.key("rl").tag("u:" + user).part(policy.name()).build()));
        }
        return requests;
    }

    private static String[] scriptArgs(List<RateLimitPolicy> policies) {
        List<String> args = new ArrayList<>();
        for (RateLimitPolicy policy : policies) {
            args.add(Integer.toString(policy.algorithm().code()));
            args.add(Integer.toString(policy.limit()));
            args.add(Long.toString(policy.window().toNanos() / 1000));
            args.add(Integer.toString(policy.burst()));
            args.add(Integer.toString(policy.cost()));
            args.add(Double.toString(policy.intervalMicros()));
        }
        return args.toArray(String[]::new);
    }

    /**
     * {@code general} and {@code search} as configured by default, with limits no run
     * reaches so every decision admits and writes.
     */
    private static RateLimitProperties properties() {
        // a deadline no healthy call reaches on a loaded 2-CPU machine: with the default
        // 50 ms a scheduling stall times out every call in flight, the breaker opens and
        // the run measures the local fallback instead of Redis
        Map<String, String> map = Map.of("redkeep.gateway.rate-limits.deadline", "2s",
                "redkeep.gateway.rate-limits.policies.general.algorithm", "sliding-window",
                "redkeep.gateway.rate-limits.policies.general.limit", "1000000000",
                "redkeep.gateway.rate-limits.policies.general.window", "60s",
                "redkeep.gateway.rate-limits.policies.general.key", "user-or-ip",
                "redkeep.gateway.rate-limits.policies.search.algorithm", "fixed-window",
                "redkeep.gateway.rate-limits.policies.search.limit", "1000000000",
                "redkeep.gateway.rate-limits.policies.search.window", "60s",
                "redkeep.gateway.rate-limits.policies.search.key", "user");
        return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate(RateLimitProperties.PREFIX,
                RateLimitProperties.class);
    }

}
