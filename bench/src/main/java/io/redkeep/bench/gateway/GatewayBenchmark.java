package io.redkeep.bench.gateway;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.redkeep.bench.ServiceProcess;
import io.redkeep.testsupport.RedisServer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A trivial backend endpoint measured side by side: called directly, through a gateway
 * with neither authentication nor rate limits, and through a gateway with edge
 * authentication (a session bearer token) plus two policies ({@code general} and
 * {@code search}). Peak throughput with a fixed number of requests in flight, then
 * p50/p99 at a fixed rate of half the full gateway's peak; last, the Redis commands one
 * authenticated, limited request costs (counted with {@code MONITOR}).
 *
 * <p>
 * Each gateway is a child JVM started from {@code gateway-service-exec.jar}: its own
 * heap, GC and JIT, the artifact that is deployed, and no class-path mixing with the
 * benchmark. The backend, the load generator and Redis run in or beside this JVM on the
 * same machine, so every figure includes their competition for the CPUs.
 *
 * <pre>
 * ./mvnw -B -ntp -pl gateway-service,bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar gateway [rounds] [seconds] [concurrency] [gateway jar] [--warmup=60]
 * </pre>
 *
 * <p>
 * {@code --warmup=N} (seconds, default 60) is the closed-loop load each gateway gets
 * before anything is measured: a gateway's CPU per request keeps falling for about a
 * minute while C2 compiles its hot paths (docs/gateway.md G7), and the direct target runs
 * in this JVM, already warm. The direct target gets {@code min(N, 10)} seconds.
 * {@code --gateway-jvm-opts="..."} adds JVM options to both gateways, {@code {name}}
 * replaced by {@code bare} or {@code full} (e.g. a JFR recording per gateway:
 * {@code -XX:StartFlightRecording=filename=/tmp/{name}.jfr}).
 */
public final class GatewayBenchmark {

    static final String DIRECT = "direct";

    static final String BARE = "gateway, no auth, no limits";

    static final String FULL = "gateway, auth + 2 policies";

    private static final String PATH = "/api/search?q=bench";

    private GatewayBenchmark() {
    }

    public static void main(String[] arguments) {
        Duration gatewayWarmup = Duration.ofSeconds(60);
        List<String> gatewayJvmOptions = List.of();
        List<String> positional = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith("--gateway-jvm-opts=")) {
                gatewayJvmOptions = List.of(argument.substring("--gateway-jvm-opts=".length()).trim().split("\\s+"));
            }
            else if (argument.startsWith("--warmup=")) {
                gatewayWarmup = Duration.ofSeconds(Long.parseLong(argument.substring("--warmup=".length())));
            }
            else {
                positional.add(argument);
            }
        }
        String[] args = positional.toArray(String[]::new);
        int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
        Duration measure = Duration.ofSeconds((args.length > 1) ? Integer.parseInt(args[1]) : 10);
        int concurrency = (args.length > 2) ? Integer.parseInt(args[2]) : 32;
        Path jar = Path.of((args.length > 3) ? args[3] : "gateway-service/target/gateway-service-exec.jar");
        Duration warmup = Duration.ofSeconds(2);
        System.out.printf(
                "gateway benchmark: %d rounds of %s, %d in flight, %d CPUs, gateway jar %s, " + "gateway warm-up %s%n",
                rounds, measure, concurrency, Runtime.getRuntime().availableProcessors(), jar, gatewayWarmup);

        LoopResources backendLoops = LoopResources.create("bench-backend", 2, true);
        LoopResources clientLoops = LoopResources.create("bench-client", 2, true);
        ConnectionProvider pool = ConnectionProvider.builder("bench")
            .maxConnections(concurrency * 4)
            .pendingAcquireMaxCount(-1)
            .build();
        DisposableServer backend = HttpServer.create()
            .runOn(backendLoops)
            .host("127.0.0.1")
            .port(0)
            .handle((request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just("{\"items\":[]}")))
            .bindNow();
        HttpClient http = HttpClient.create(pool).runOn(clientLoops);
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        String internalKey = Base64.getEncoder().encodeToString(key);

        try (RedisServer redis = RedisServer.builder().start(); BenchRedis kit = new BenchRedis(redis)) {
            Map<String, String> common = new LinkedHashMap<>();
            common.put("redkeep.redis.state.nodes", BenchRedis.nodes(redis));
            common.put("redkeep.redis.cache.nodes", BenchRedis.nodes(redis));
            common.put("redkeep.gateway.services.content.uri", "http://127.0.0.1:" + backend.port());
            Map<String, String> bare = new LinkedHashMap<>(common);
            bare.put("redkeep.gateway.rate-limits.enabled", "false");
            bare.put("redkeep.gateway.auth.public-paths", "/api/**");
            Map<String, String> full = new LinkedHashMap<>(common);
            // limits no benchmark reaches: every request is admitted (and so written)
            full.put("redkeep.gateway.rate-limits.policies.general.limit", "1000000000");
            full.put("redkeep.gateway.rate-limits.policies.search.limit", "1000000000");
            try (ServiceProcess bareGateway = gateway(jar, "bare", internalKey, bare, gatewayJvmOptions);
                    ServiceProcess fullGateway = gateway(jar, "full", internalKey, full, gatewayJvmOptions)) {
                bareGateway.awaitReady(Duration.ofMinutes(10));
                fullGateway.awaitReady(Duration.ofMinutes(10));
                System.out.println("gateway logs: " + bareGateway.log() + ", " + fullGateway.log());
                // one client per session, its Authorization header built once
                List<HttpClient> sessions = kit.newSessions(64)
                    .stream()
                    .map((token) -> authorized(http, token))
                    .toList();
                AtomicLong sequence = new AtomicLong();
                Map<String, Supplier<Mono<?>>> targets = new LinkedHashMap<>();
                targets.put(DIRECT, () -> get(http, "http://127.0.0.1:" + backend.port(), null));
                targets.put(BARE, () -> get(http, bareGateway.baseUri().toString(), null));
                targets.put(FULL, () -> get(sessions.get((int) (sequence.getAndIncrement() % sessions.size())),
                        fullGateway.baseUri().toString(), null));

                Duration directWarmup = (gatewayWarmup.compareTo(Duration.ofSeconds(10)) < 0) ? gatewayWarmup
                        : Duration.ofSeconds(10);
                for (Map.Entry<String, Supplier<Mono<?>>> target : targets.entrySet()) {
                    Duration warm = DIRECT.equals(target.getKey()) ? directWarmup : gatewayWarmup;
                    // in steps of at most 10 s, each step's throughput printed: it shows
                    // whether the target was still warming up when the warm-up ended
                    StringBuilder steps = new StringBuilder();
                    for (long left = warm.toSeconds(); left > 0; left -= 10) {
                        Load.Result result = Load.closed(target.getKey(), concurrency, Duration.ZERO,
                                Duration.ofSeconds(Math.min(left, 10)), target.getValue());
                        steps.append(String.format(" %.0f", result.throughput()));
                    }
                    System.out.printf("warm-up %-30s %s, req/s per step:%s%n", target.getKey(), warm, steps);
                }

                List<Load.Result> peak = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    for (Map.Entry<String, Supplier<Mono<?>>> target : targets.entrySet()) {
                        peak.add(Load.closed(target.getKey(), concurrency, warmup, measure, target.getValue()));
                    }
                }
                System.out.printf("%nPeak: closed loop, %d requests in flight%n", concurrency);
                Load.print(peak);

                double fullPeak = Load.median(peak, FULL, Load.Result::throughput);
                double half = fullPeak / 2;
                List<Load.Result> halfLoad = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    for (Map.Entry<String, Supplier<Mono<?>>> target : targets.entrySet()) {
                        halfLoad
                            .add(Load.open(target.getKey(), half, concurrency * 4, warmup, measure, target.getValue()));
                    }
                }
                System.out.printf("%nHalf load: open loop at %.0f requests/s (half the full gateway's peak), "
                        + "latency from each request's due time%n", half);
                Load.print(halfLoad);

                System.out.printf("%nMedians over %d rounds:%n", rounds);
                double direct = Load.median(peak, DIRECT, Load.Result::throughput);
                double bareGw = Load.median(peak, BARE, Load.Result::throughput);
                System.out.printf(
                        "  peak throughput  direct %.0f/s, bare gateway %.0f/s (%.0f%%), "
                                + "full gateway %.0f/s (%.0f%% of direct; target >= 50%%)%n",
                        direct, bareGw, 100 * bareGw / direct, fullPeak, 100 * fullPeak / direct);
                for (String name : targets.keySet()) {
                    System.out.printf("  half load  %-30s p50 %6.0f us  p99 %6.0f us%n", name,
                            Load.median(halfLoad, name, Load.Result::p50),
                            Load.median(halfLoad, name, Load.Result::p99));
                }
                double added = Load.median(halfLoad, FULL, Load.Result::p99)
                        - Load.median(halfLoad, BARE, Load.Result::p99);
                System.out.printf("  p99 added by auth + 2 policies at half load: %.0f us (target <= 2000 us)%n",
                        added);

                roundTrips(redis, http, fullGateway, kit);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            backend.disposeNow();
            pool.dispose();
            clientLoops.dispose();
            backendLoops.dispose();
        }
        System.exit(0);
    }

    /**
     * Commands sent to Redis per authenticated, limited request, sequentially: with the
     * sessions warm in the gateway's local cache (the steady state), and with a session
     * never seen before on every request (the worst case).
     */
    private static void roundTrips(RedisServer redis, HttpClient http, ServiceProcess gateway, BenchRedis kit)
            throws InterruptedException {
        int requests = 1000;
        List<String> warm = kit.newSessions(8);
        List<String> cold = kit.newSessions(requests);
        for (String token : warm) {
            get(http, gateway.baseUri().toString(), token).block();
        }
        System.out.printf("%nRedis round trips per authenticated, limited request (MONITOR, %d requests "
                + "one after another):%n", requests);
        try (RedisMonitor monitor = new RedisMonitor(redis.host(), redis.port())) {
            Map<String, List<String>> cases = new LinkedHashMap<>();
            List<String> warmTokens = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                warmTokens.add(warm.get(i % warm.size()));
            }
            cases.put("8 sessions, cached", warmTokens);
            cases.put("new session every request", cold);
            for (Map.Entry<String, List<String>> entry : cases.entrySet()) {
                monitor.start();
                long started = System.nanoTime();
                for (String token : entry.getValue()) {
                    get(http, gateway.baseUri().toString(), token).block();
                }
                monitor.stop();
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(
                        "  %-28s %.2f client commands per request %s; %.1f commands run inside scripts "
                                + "per request; %.1f s%n",
                        entry.getKey(), monitor.clientTotal() / (double) requests, monitor.clientCommands(),
                        monitor.scriptCommands() / (double) requests, seconds);
            }
        }
    }

    private static HttpClient authorized(HttpClient http, String token) {
        return http.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token));
    }

    /**
     * One gateway from the runnable jar, configured with command-line properties, its
     * output in a temporary log file; started without waiting so that both gateways start
     * side by side, ready once its public port serves the static root page.
     */
    private static ServiceProcess gateway(Path jar, String name, String internalKey, Map<String, String> properties,
            List<String> jvmOptions) {
        int port = ServiceProcess.freePort();
        return ServiceProcess.jar(name, jar, port)
            .jvmOptions(jvmOptions.stream().map((option) -> option.replace("{name}", name)).toList())
            .arguments(List.of("--server.port=" + port, "--management.server.port=" + ServiceProcess.freePort()))
            .properties(properties)
            .environment(Map.of("REDKEEP_INTERNAL_KEY", internalKey))
            .readiness("/")
            .launch();
    }

    private static Mono<?> get(HttpClient http, String base, String token) {
        HttpClient client = (token != null) ? authorized(http, token) : http;
        return client.get()
            .uri(base + PATH)
            .responseSingle((response, body) -> body.asString()
                .defaultIfEmpty("")
                .flatMap((text) -> (response.status().code() == 200) ? Mono.just(text)
                        : Mono.error(new IllegalStateException(response.status() + " " + text))));
    }

}
