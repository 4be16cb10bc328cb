package io.redkeep.bench.content;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redkeep.bench.ServiceProcess;
import io.redkeep.bench.content.ContentClient.Reply;
import io.redkeep.bench.content.LoadDriver.Result;
import io.redkeep.redis.RedisKitProperties;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.internal.KitClientResources;
import io.redkeep.redis.internal.KitRedisRoles;
import io.redkeep.redis.pubsub.PubSubProperties;
import io.redkeep.redis.pubsub.RedisPubSub;
import io.redkeep.session.NewSession;
import io.redkeep.session.SessionRevocationPublisher;
import io.redkeep.session.SessionStore;
import io.redkeep.session.SessionStoreProperties;
import io.redkeep.testsupport.PostgresDatabase;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.RedisServer;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.netty.resources.LoopResources;
import reactor.util.retry.Retry;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * content-service search, cache MISS against cache HIT, directly and through the gateway,
 * and item creation throughput, on a seeded corpus (see docs/benchmarks.md, "Content
 * search"). Starts its own Redis and PostgreSQL (test-support fixtures on free ports) and
 * runs content-service and gateway-service as child JVMs from their {@code -exec.jar}s
 * with the local runner's environment variables.
 * <p>
 * A MISS is forced by asking a (user, query) pair never asked before; a HIT cycles over a
 * pool of pairs asked once beforehand. Both draw their words from the corpus' vocabulary,
 * so the two cases differ only in whether the cache has the page. MISS and HIT rounds
 * alternate so drift on a shared machine hits both alike.
 */
public final class ContentSearchBenchmark {

    private static final String USAGE = """
            content [--users=100] [--items-per-user=1000] [--rounds=2] [--seconds=10] [--warmup=5]
                    [--concurrency=4 (or a list, e.g. 1,4)] [--hit-pool=500] [--gateway-rate=50] [--gateway-warmup=60]
                    [--create-concurrency=16]
                    [--create-seconds=10] [--service-jvm-opts="-Xms64m -Xmx512m"] [--repo=.] [--seed=42]""";

    private ContentSearchBenchmark() {
    }

    public static void main(String[] args) {
        quietHttpClientLogs();
        ContentBenchOptions options = ContentBenchOptions.parse(args);
        if (options == null) {
            System.out.println("usage: java -jar benchmarks.jar " + USAGE);
            return;
        }
        int status = 0;
        try {
            run(options);
        }
        catch (Exception ex) {
            ex.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /**
     * Failed calls are counted per case ("unexpected replies"); Reactor Netty's own
     * warning with a stack trace per failed connection would bury the tables.
     */
    private static void quietHttpClientLogs() {
        if (org.slf4j.LoggerFactory
            .getLogger("reactor.netty.http.client") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    private static void run(ContentBenchOptions options) throws Exception {
        Path work = Files.createTempDirectory("redkeep-content-bench");
        System.out.printf("content benchmark: %s%nlogs and file storage under %s; load average %s%n", options, work,
                loadAverage());
        String internalKey = randomKey();
        try (RedisServer redis = RedisServer.builder().start()) {
            PostgresDatabase database = PostgresServer.shared().createDatabase("content_bench");
            System.out.printf("Redis %s:%d, PostgreSQL %s%n", redis.host(), redis.port(), database);
            Map<String, String> env = serviceEnvironment(redis, database, internalKey);
            env.put("REDKEEP_CONTENT_STORAGE_DIR", work.resolve("files").toString());
            int contentPort = ServiceProcess.freePort();
            env.put("REDKEEP_CONTENT_PORT", Integer.toString(contentPort));
            long started = System.nanoTime();
            try (ServiceProcess content = ServiceProcess
                .jar("content-service", options.repo().resolve("content-service/target/content-service-exec.jar"),
                        contentPort)
                .jvmOptions(options.serviceJvmOptions())
                .environment(env)
                .logDirectory(work)
                .start()) {
                System.out.printf("content-service up (pid %d, port %d) in %.1f s%n", content.pid(), contentPort,
                        seconds(started));

                Vocabulary vocabulary = new Vocabulary(5000, 1.0, options.seed());
                List<UUID> users = users(options.users(), options.seed());
                started = System.nanoTime();
                CorpusSeeder.Counts counts = new CorpusSeeder(database, vocabulary).seed(users, options.itemsPerUser(),
                        options.seed());
                double seedSeconds = seconds(started);
                System.out.printf(
                        "seeded %d items (%d bookmarks, %d tasks, %d notes, %d files) for %d users with COPY "
                                + "in %.1f s (%.0f items/s, VACUUM ANALYZE included)%n",
                        counts.total(), counts.bookmarks(), counts.tasks(), counts.notes(), counts.files(),
                        users.size(), seedSeconds, counts.total() / seedSeconds);

                Map<String, String> gatewayEnv = new HashMap<>(env);
                int gatewayPort = ServiceProcess.freePort();
                int unused = ServiceProcess.freePort();
                gatewayEnv.put("REDKEEP_GATEWAY_PORT", Integer.toString(gatewayPort));
                gatewayEnv.put("REDKEEP_GATEWAY_MANAGEMENT_PORT", Integer.toString(ServiceProcess.freePort()));
                gatewayEnv.put("REDKEEP_GATEWAY_SERVICES_CONTENT_URI", content.baseUri().toString());
                // Nothing else runs; the other routes point at a port nobody listens on.
                gatewayEnv.put("REDKEEP_GATEWAY_SERVICES_AUTH_URI", "http://127.0.0.1:" + unused);
                gatewayEnv.put("REDKEEP_GATEWAY_SERVICES_ANALYTICS_URI", "http://127.0.0.1:" + unused);
                gatewayEnv.put("REDKEEP_GATEWAY_SERVICES_REALTIME_URIS", "http://127.0.0.1:" + unused);
                // The limiter stays on (its Redis round trip is part of every request's
                // cost) with limits no benchmark user reaches.
                List<String> gatewayArgs = List.of("--redkeep.gateway.rate-limits.policies.search.limit=100000000",
                        "--redkeep.gateway.rate-limits.policies.general.limit=100000000");
                started = System.nanoTime();
                try (ServiceProcess gateway = ServiceProcess
                    .jar("gateway-service", options.repo().resolve("gateway-service/target/gateway-service-exec.jar"),
                            gatewayPort)
                    .jvmOptions(options.serviceJvmOptions())
                    .environment(gatewayEnv)
                    .arguments(gatewayArgs)
                    .logDirectory(work)
                    .start()) {
                    System.out.printf("gateway-service up (pid %d, port %d) in %.1f s%n", gateway.pid(), gatewayPort,
                            seconds(started));
                    measure(options, redis, database, internalKey, content, gateway, vocabulary, users);
                }
            }
        }
    }

    private static void measure(ContentBenchOptions options, RedisServer redis, PostgresDatabase database,
            String internalKey, ServiceProcess content, ServiceProcess gateway, Vocabulary vocabulary, List<UUID> users)
            throws SQLException {
        InternalTokens internalTokens = new InternalTokens(internalKey);
        Map<UUID, String> sessions = sessions(redis, users);
        LoopResources loops = LoopResources.create("bench-client", 2, true);
        // Enough for the open-loop cases, which may have up to 1024 calls in flight.
        int connections = Math.max(256, Math.max(options.concurrency(), options.createConcurrency()) * 2);
        try (ContentClient direct = new ContentClient("direct", content.baseUri(), connections, loops,
                internalTokens::token);
                ContentClient viaGateway = new ContentClient("gateway", gateway.baseUri(), connections, loops,
                        sessions::get)) {
            Queries queries = new Queries(vocabulary, users);
            List<Query> pool = queries.pool(options.hitPool());
            // Fill the cache: each pool pair is asked once (a MISS); from then on it is a
            // HIT.
            Map<String, Long> filled = Flux.fromIterable(pool)
                .flatMap((query) -> query.ask(direct), options.concurrency())
                .collect(java.util.stream.Collectors.groupingBy((reply) -> reply.status() + " " + reply.cache(),
                        java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                .block(Duration.ofMinutes(10));
            System.out.printf("HIT pool: %d (user, query) pairs asked once: %s%n", pool.size(), filled);

            Duration warmup = Duration.ofSeconds(options.warmupSeconds());
            Duration measure = Duration.ofSeconds(options.seconds());
            List<Result> results = new ArrayList<>();
            LoadDriver.closedLoop("warm-up MISS", options.concurrency(), warmup, (i) -> queries.fresh().ask(direct),
                    (reply) -> true);
            LoadDriver.closedLoop("warm-up HIT", options.concurrency(), warmup,
                    (i) -> pool.get((int) (i % pool.size())).ask(direct), (reply) -> true);
            // The gateway JVM sees no other traffic: at the measured 50/s it would still
            // be
            // running interpreted code (the closed loops above warm content-service
            // only), so
            // it gets closed-loop HITs first, as `bench gateway` warms its gateways.
            LoadDriver.closedLoop("warm-up gateway HIT", options.concurrency(),
                    Duration.ofSeconds(options.gatewayWarmupSeconds()),
                    (i) -> pool.get((int) (i % pool.size())).ask(viaGateway), (reply) -> true);
            LoadDriver.fixedRate("warm-up gateway HIT @rate", options.gatewayRate(), warmup,
                    (i) -> pool.get((int) (i % pool.size())).ask(viaGateway), (reply) -> true);
            for (int round = 1; round <= options.rounds(); round++) {
                int before = results.size();
                // MISS and HIT alternate at each concurrency, so drift hits both alike.
                for (int concurrency : options.concurrencies()) {
                    results.add(LoadDriver.closedLoop(missCase(concurrency), concurrency, measure,
                            (i) -> queries.fresh().ask(direct), expect("MISS")));
                    results.add(LoadDriver.closedLoop(hitCase(concurrency), concurrency, measure,
                            (i) -> pool.get((int) (i % pool.size())).ask(direct), expect("HIT")));
                }
                results.add(LoadDriver.fixedRate("search HIT direct @rate", options.gatewayRate(), measure,
                        (i) -> pool.get((int) (i % pool.size())).ask(direct), expect("HIT")));
                results.add(LoadDriver.fixedRate("search HIT gateway @rate", options.gatewayRate(), measure,
                        (i) -> pool.get((int) (i % pool.size())).ask(viaGateway), expect("HIT")));
                printRound(round, results.subList(before, results.size()));
            }

            // Writes last: they bump generations (and would turn HITs into MISSes); fresh
            // users.
            List<UUID> writers = users(options.users(), options.seed() + 1);
            Result create = LoadDriver.closedLoop("create via API direct", options.createConcurrency(),
                    Duration.ofSeconds(options.createSeconds()), (i) -> {
                        UUID user = writers.get((int) (i % writers.size()));
                        Creation creation = Creation.of(i, vocabulary);
                        return direct.create(user, creation.plural(), creation.json());
                    }, (reply) -> reply.status() == 201);
            long backlog = outboxBacklog(database);
            printSummary(options, results, create, backlog);
        }
        finally {
            loops.dispose();
        }
    }

    private static String missCase(int concurrency) {
        return "search MISS direct x" + concurrency;
    }

    private static String hitCase(int concurrency) {
        return "search HIT direct x" + concurrency;
    }

    private static java.util.function.Predicate<Reply> expect(String cache) {
        return (reply) -> reply.status() == 200 && cache.equals(reply.cache());
    }

    private static void printRound(int round, List<Result> results) {
        System.out.printf("%nround %d (load average now %s)%n", round, loadAverage());
        printHeader();
        results.forEach(ContentSearchBenchmark::printRow);
    }

    private static void printHeader() {
        System.out.printf("%-28s %8s %9s %8s %8s %8s %8s %8s  %s%n", "case", "calls", "calls/s", "p50 ms", "p90 ms",
                "p99 ms", "p99.9 ms", "max ms", "unexpected replies");
    }

    private static void printRow(Result result) {
        System.out.printf("%-28s %8d %9.0f %8.2f %8.2f %8.2f %8.2f %8.2f  %s%n", result.name(), result.calls(),
                result.throughput(), result.percentile(50) / 1000.0, result.percentile(90) / 1000.0,
                result.percentile(99) / 1000.0, result.percentile(99.9) / 1000.0,
                result.latency().getMaxValue() / 1000.0, result.unexpected().isEmpty() ? "-" : result.unexpected());
    }

    private static void printSummary(ContentBenchOptions options, List<Result> results, Result create, long backlog) {
        Map<String, Result> merged = new LinkedHashMap<>();
        for (Result result : results) {
            merged.merge(result.name(), result, (a, b) -> {
                Histogram histogram = a.latency().copy();
                histogram.add(b.latency());
                Map<String, Long> unexpected = new java.util.TreeMap<>(a.unexpected());
                b.unexpected().forEach((key, count) -> unexpected.merge(key, count, Long::sum));
                return new Result(a.name(), a.calls() + b.calls(), (a.throughput() + b.throughput()) / 2, histogram,
                        unexpected);
            });
        }
        System.out.printf(
                "%nall %d rounds merged (search xN: N in flight closed-loop; @rate: %d requests/s "
                        + "open-loop, latency from the moment each request was due)%n",
                options.rounds(), options.gatewayRate());
        printHeader();
        merged.values().forEach(ContentSearchBenchmark::printRow);
        printRow(create);
        System.out.println();
        for (int concurrency : options.concurrencies()) {
            Result miss = merged.get(missCase(concurrency));
            Result hit = merged.get(hitCase(concurrency));
            double ratio = hit.percentile(99) / miss.percentile(99);
            System.out.printf(
                    "%d in flight: HIT p99 / MISS p99 (direct): %.3f (target <= 0.100: %s); "
                            + "HIT p50 / MISS p50: %.3f%n",
                    concurrency, ratio, (ratio <= 0.1) ? "met" : "NOT met", hit.percentile(50) / miss.percentile(50));
        }
        Result gatewayHit = merged.get("search HIT gateway @rate");
        Result directAtRate = merged.get("search HIT direct @rate");
        double gatewayP99 = gatewayHit.percentile(99) / 1000.0;
        System.out.printf(
                "HIT p99 through the gateway at %d/s: %.2f ms (target <= 5 ms: %s); direct at the same "
                        + "rate %.2f ms%n",
                options.gatewayRate(), gatewayP99, (gatewayP99 <= 5) ? "met" : "NOT met",
                directAtRate.percentile(99) / 1000.0);
        System.out.printf(
                "create throughput: %.0f items/s with %d in flight (p99 %.2f ms); outbox rows not yet "
                        + "published right after: %d%n",
                create.throughput(), options.createConcurrency(), create.percentile(99) / 1000.0, backlog);
        System.out.printf("load average at the end: %s%n", loadAverage());
    }

    /** The machine's load: the figures mean little when other work shares the cores. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2] + " on " + Runtime.getRuntime().availableProcessors()
                    + " cores";
        }
        catch (java.io.IOException ex) {
            return "unknown";
        }
    }

    private static long outboxBacklog(PostgresDatabase database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * The variables deploy/local/services.sh exports, for one standalone Redis in both
     * roles.
     */
    private static Map<String, String> serviceEnvironment(RedisServer redis, PostgresDatabase database,
            String internalKey) {
        Map<String, String> env = new HashMap<>();
        env.put("REDKEEP_INTERNAL_KEY", internalKey);
        String node = redis.host() + ":" + redis.port();
        env.put("REDKEEP_REDIS_STATE_MODE", "standalone");
        env.put("REDKEEP_REDIS_STATE_NODES", node);
        env.put("REDKEEP_REDIS_CACHE_MODE", "standalone");
        env.put("REDKEEP_REDIS_CACHE_NODES", node);
        env.put("REDKEEP_POSTGRES_HOST", database.host());
        env.put("REDKEEP_POSTGRES_PORT", Integer.toString(database.port()));
        env.put("REDKEEP_POSTGRES_DATABASE", database.database());
        env.put("REDKEEP_POSTGRES_USERNAME", database.username());
        env.put("REDKEEP_POSTGRES_PASSWORD", database.password());
        env.put("SERVER_ADDRESS", "127.0.0.1");
        return env;
    }

    /**
     * One session per user in the state role, as auth-session-service creates at login.
     */
    private static Map<UUID, String> sessions(RedisServer redis, List<UUID> users) {
        String node = redis.host() + ":" + redis.port();
        RedisKitProperties properties = new Binder(new MapConfigurationPropertySource(
                // Generous timeouts: on a busy machine the default would open the kit's
                // breaker.
                Map.of("redkeep.redis.state.nodes", node, "redkeep.redis.cache.nodes", node,
                        "redkeep.redis.state.command-timeout", "5s")))
            .bindOrCreate(RedisKitProperties.PREFIX, RedisKitProperties.class);
        PubSubProperties pubSubProperties = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate(PubSubProperties.PREFIX, PubSubProperties.class);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClientResources resources = KitClientResources.create(registry);
        EventCodec codec = new EventCodec();
        try (KitRedisRoles roles = new KitRedisRoles(properties, resources);
                RedisPubSub pubSub = new RedisPubSub(roles.state(), roles.keys(), codec, pubSubProperties, registry)) {
            SessionStore store = new SessionStore(roles,
                    new SessionStoreProperties(Duration.ofHours(24), Duration.ofDays(30), Duration.ofMinutes(1)),
                    new SessionRevocationPublisher(pubSub, roles.keys(), codec, "bench"));
            Map<UUID, String> tokens = new ConcurrentHashMap<>();
            Flux.fromIterable(users)
                .flatMap((user) -> store
                    .create(new NewSession(user.toString(), "user", "Bench user", "127.0.0.1", "redkeep-bench"))
                    .retryWhen(Retry.backoff(5, Duration.ofMillis(500)))
                    .doOnNext((issued) -> tokens.put(user, issued.token())), 4)
                .blockLast(Duration.ofSeconds(60));
            return tokens;
        }
        finally {
            resources.shutdown();
        }
    }

    private static List<UUID> users(int count, long seed) {
        Random random = new Random(seed);
        List<UUID> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
            long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            users.add(new UUID(msb, lsb));
        }
        return users;
    }

    private static String randomKey() {
        byte[] bytes = new byte[36];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

}
