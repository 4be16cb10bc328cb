package io.redkeep.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.redis.RedisKitProperties;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.cache.CacheSpec;
import io.redkeep.redis.cache.ReactiveCache;
import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.internal.KitClientResources;
import io.redkeep.redis.internal.KitRedisRoles;
import io.redkeep.redis.script.RedisScript;
import io.redkeep.testsupport.RedisServer;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The kit against raw Lettuce on one Redis server this harness starts itself: GET, SET
 * and EVALSHA throughput, and a cache HIT's latency against a raw GET's. Raw and kit runs
 * alternate over several rounds so drift on a shared machine hits both alike.
 *
 * <pre>
 * ./mvnw -B -ntp -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar [rounds] [seconds] [concurrency]
 * </pre>
 */
public final class KitVersusLettuce {

    private static final String VALUE = "x".repeat(100);

    private KitVersusLettuce() {
    }

    public static void main(String[] args) {
        int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
        Duration measure = Duration.ofSeconds((args.length > 1) ? Integer.parseInt(args[1]) : 5);
        int concurrency = (args.length > 2) ? Integer.parseInt(args[2]) : 64;
        Workload throughput = new Workload(concurrency, Duration.ofSeconds(2), measure);
        Workload latency = new Workload(4, Duration.ofSeconds(2), measure);

        try (RedisServer server = RedisServer.builder().start()) {
            ClientResources rawResources = DefaultClientResources.create();
            RedisClient rawClient = RedisClient.create(rawResources, server.uri());
            StatefulRedisConnection<String, String> rawConnection = rawClient.connect();
            RedisReactiveCommands<String, String> raw = rawConnection.reactive();

            ClientResources kitResources = KitClientResources.create(new SimpleMeterRegistry());
            KitRedisRoles roles = new KitRedisRoles(properties(server), kitResources);
            RedisRoleClient kit = roles.state();
            RedisScript script = RedisScript.load("bench-incr");
            ReactiveCaches caches = new ReactiveCaches(roles, new JsonMapper(), new SimpleMeterRegistry());
            ReactiveCache<String> plain = caches.create(CacheSpec.of("bench", String.class, Duration.ofHours(1)));
            ReactiveCache<String> generational = caches
                .create(CacheSpec.of("bench-gen", String.class, Duration.ofHours(1)).withGenerations());

            String getKey = roles.keys().key("bench").part("get").build();
            String setKey = roles.keys().key("bench").part("set").build();
            String scriptKey = roles.keys().key("bench").part("script").build();
            raw.set(getKey, VALUE).block();
            raw.scriptLoad(script.source()).block();
            plain.get("owner", "hit", () -> Mono.just(VALUE)).block();
            generational.get("owner", "hit", () -> Mono.just(VALUE)).block();

            List<Workload.Result> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                results.add(throughput.run("GET raw", (i) -> raw.get(getKey)));
                results.add(throughput.run("GET kit", (i) -> kit.mono((c) -> c.get(getKey))));
                results.add(throughput.run("SET raw", (i) -> raw.set(setKey, VALUE)));
                results.add(throughput.run("SET kit", (i) -> kit.mono((c) -> c.set(setKey, VALUE))));
                results.add(throughput.run("EVALSHA raw",
                        (i) -> raw.evalsha(script.sha(), ScriptOutputType.INTEGER, scriptKey).next()));
                results.add(throughput.run("EVALSHA kit",
                        (i) -> script.mono(kit, ScriptOutputType.INTEGER, List.of(scriptKey))));
                results.add(latency.run("GET raw (latency)", (i) -> raw.get(getKey)));
                results.add(latency.run("cache HIT", (i) -> plain.get("owner", "hit", () -> Mono.just(VALUE))));
                results.add(latency.run("cache HIT generational",
                        (i) -> generational.get("owner", "hit", () -> Mono.just(VALUE))));
            }
            print(results, concurrency);

            roles.close();
            kitResources.shutdown();
            rawConnection.close();
            rawClient.shutdown();
            rawResources.shutdown();
        }
        System.exit(0);
    }

    private static RedisKitProperties properties(RedisServer server) {
        Map<String, String> properties = Map.of("redkeep.redis.state.nodes", server.host() + ":" + server.port(),
                "redkeep.redis.cache.nodes", server.host() + ":" + server.port());
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(RedisKitProperties.PREFIX,
                RedisKitProperties.class);
    }

    private static void print(List<Workload.Result> results, int concurrency) {
        System.out.printf("%n%-24s %12s %9s %9s %9s %9s   (throughput: %d in flight; latency rows: 4 in flight)%n",
                "operation", "calls/s", "p50 us", "p90 us", "p99 us", "p99.9 us", concurrency);
        for (Workload.Result result : results) {
            System.out.printf("%-24s %12.0f %9.0f %9.0f %9.0f %9.0f%n", result.name(), result.throughput(),
                    result.percentile(50), result.percentile(90), result.percentile(99), result.percentile(99.9));
        }
        System.out.println();
        System.out.println("Median over rounds (kit / raw):");
        ratio(results, "GET kit", "GET raw", false);
        ratio(results, "SET kit", "SET raw", false);
        ratio(results, "EVALSHA kit", "EVALSHA raw", false);
        ratio(results, "cache HIT", "GET raw (latency)", true);
        ratio(results, "cache HIT generational", "GET raw (latency)", true);
    }

    private static void ratio(List<Workload.Result> results, String kit, String raw, boolean p99) {
        double kitValue = median(results, kit, p99);
        double rawValue = median(results, raw, p99);
        System.out.printf("  %-24s %s %10.0f vs %10.0f  ratio %.3f%n", kit, p99 ? "p99 us " : "calls/s", kitValue,
                rawValue, kitValue / rawValue);
    }

    private static double median(List<Workload.Result> results, String name, boolean p99) {
        double[] values = results.stream()
            .filter((result) -> result.name().equals(name))
            .mapToDouble((result) -> p99 ? result.percentile(99) : result.throughput())
            .sorted()
            .toArray();
        return values[values.length / 2];
    }

}
