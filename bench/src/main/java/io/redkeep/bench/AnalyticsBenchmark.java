package io.redkeep.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.redkeep.analytics.challenge.Challenge;
import io.redkeep.analytics.challenge.ChallengeMetric;
import io.redkeep.analytics.challenge.ChallengeStore;
import io.redkeep.analytics.challenge.CompositeScore;
import io.redkeep.analytics.challenge.Leaderboards;
import io.redkeep.analytics.dashboard.DashboardRange;
import io.redkeep.analytics.dashboard.DashboardStore;
import io.redkeep.analytics.dashboard.Dashboards;
import io.redkeep.analytics.ingest.DerivedState;
import io.redkeep.analytics.ingest.EventApplier;
import io.redkeep.analytics.ingest.EventIngestion;
import io.redkeep.analytics.streak.Streaks;
import io.redkeep.analytics.trending.TrendingTags;
import io.redkeep.redis.RedisKitProperties;
import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.event.EventIds;
import io.redkeep.redis.internal.KitClientResources;
import io.redkeep.redis.internal.KitRedisRoles;
import io.redkeep.redis.stream.EventStreams;
import io.redkeep.redis.stream.StreamsProperties;
import io.redkeep.testsupport.PostgresDatabase;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.RedisServer;
import org.flywaydb.core.Flyway;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * analytics-service's own components (no HTTP) on a Redis server and a PostgreSQL
 * database this harness starts, each next to a raw baseline measured in the same run:
 * ingestion events/s against a bare XREADGROUP+XACK loop on the same stream, leaderboard
 * top-100 and {@code me} with {@code members} members against raw ZREVRANGE/ZREVRANK, and
 * dashboard HIT against MISS.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar analytics [rounds] [seconds] [members] [events]
 * </pre>
 */
public final class AnalyticsBenchmark {

    private AnalyticsBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
        Duration measure = Duration.ofSeconds((args.length > 1) ? Integer.parseInt(args[1]) : 5);
        int members = (args.length > 2) ? Integer.parseInt(args[2]) : 1_000_000;
        int events = (args.length > 3) ? Integer.parseInt(args[3]) : 5_000;
        Workload latency = new Workload(4, Duration.ofSeconds(2), measure);

        try (RedisServer server = RedisServer.builder().start()) {
            PostgresDatabase database = PostgresServer.shared().createDatabase("analytics_bench");
            Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
            ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration
                .builder(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                    .host(database.host())
                    .port(database.port())
                    .database(database.database())
                    .username(database.username())
                    .password(database.password())
                    .build()))
                .initialSize(8)
                .maxSize(30)
                .build());
            DatabaseClient db = DatabaseClient.create(pool);
            TransactionalOperator transactions = TransactionalOperator.create(new R2dbcTransactionManager(pool));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            var resources = KitClientResources.create(registry);
            KitRedisRoles roles = new KitRedisRoles(properties(server), resources);
            JsonMapper mapper = new JsonMapper();
            ReactiveCaches caches = new ReactiveCaches(roles, mapper, registry);
            Clock clock = Clock.systemUTC();
            ChallengeStore store = new ChallengeStore(db);
            Leaderboards boards = new Leaderboards(store, roles);
            Streaks streaks = new Streaks(db, roles, clock);
            Dashboards dashboards = new Dashboards(new DashboardStore(db), streaks, caches, Duration.ofMinutes(15),
                    clock);
            TrendingTags trending = new TrendingTags(db, roles, caches, Duration.ofSeconds(30), clock);
            // The service's stream settings (application.yml): 500 entries in hand per
            // consumer.
            StreamsProperties defaults = StreamsProperties.defaults();
            StreamsProperties serviceStreams = new StreamsProperties(defaults.maxLength(), 500, defaults.block(),
                    defaults.handlerTimeout(), defaults.claimIdle(), defaults.claimInterval(), defaults.maxAttempts(),
                    defaults.shutdownTimeout(), defaults.seenTtl(), defaults.metricsInterval());
            EventStreams streams = new EventStreams(roles.state(), roles.keys(), new EventCodec(mapper), serviceStreams,
                    registry);
            EventIngestion ingestion = new EventIngestion(streams, new EventApplier(db, transactions),
                    new DerivedState(dashboards, streaks, boards, trending), "analytics", false);

            RedisClient rawClient = RedisClient.create(server.uri());
            StatefulRedisConnection<String, String> rawConnection = rawClient.connect();
            RedisCommands<String, String> raw = rawConnection.sync();

            List<String> lines = new ArrayList<>();
            EventApplier applier = new EventApplier(db, transactions);
            DerivedState derived = new DerivedState(dashboards, streaks, boards, trending);
            long applyNanos = 0;
            long derivedNanos = 0;
            int sequential = 200;
            for (int i = 0; i < sequential; i++) {
                EventEnvelope event = event(mapper, UUID.randomUUID(), "note", Instant.now());
                long t0 = System.nanoTime();
                applier.apply(event).block();
                long t1 = System.nanoTime();
                derived.refresh(event).block();
                applyNanos += t1 - t0;
                derivedNanos += System.nanoTime() - t1;
            }
            lines.add(String.format(
                    "one event, sequentially: PostgreSQL transaction %.2f ms, derived Redis state %.2f ms",
                    applyNanos / 1e6 / sequential, derivedNanos / 1e6 / sequential));
            // The same work a batch at a time (what IngestBatches runs per batch).
            long batchApply = 0;
            long batchDerived = 0;
            int batches = 4;
            int batchSize = 500;
            for (int b = 0; b < batches; b++) {
                List<EventEnvelope> batch = new ArrayList<>();
                for (int i = 0; i < batchSize; i++) {
                    batch.add(event(mapper, UUID.randomUUID(), "note", Instant.now()));
                }
                long t0 = System.nanoTime();
                applier.applyBatch(batch).block();
                long t1 = System.nanoTime();
                derived.refreshBatch(batch).block();
                batchApply += t1 - t0;
                batchDerived += System.nanoTime() - t1;
            }
            lines.add(String.format(
                    "a batch of %d events (distinct users), sequentially: PostgreSQL transaction %.1f ms, "
                            + "derived Redis state %.1f ms",
                    batchSize, batchApply / 1e6 / batches, batchDerived / 1e6 / batches));
            lines.addAll(ingestion(ingestion, streams, raw, db, mapper, events, rounds));

            // A challenge with `members` members on its board; names for the top.
            Instant now = Instant.now();
            Challenge challenge = new Challenge(UUID.fromString(EventIds.next()), "bench",
                    ChallengeMetric.ITEMS_CREATED, now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), now);
            store.create(challenge, UUID.randomUUID()).block();
            String key = "tk:challenge:{" + challenge.id() + "}:board";
            List<UUID> sample = fillBoard(raw, key, members, challenge);
            // Names through the service's own path (join, name, refresh), which also
            // fills
            // the board's name hash; refresh's ZADD GT leaves the filled scores as they
            // are.
            Flux.fromIterable(sample)
                .flatMap((user) -> store.join(challenge.id(), user, now)
                    .then(store.rememberName(user, "user-" + user.toString().substring(0, 8), now))
                    .then(boards.refresh(challenge, user)), 8)
                .blockLast();
            Flux.range(0, 200)
                .flatMap((i) -> raw.zrevrange(key, i, i)
                    .stream()
                    .findFirst()
                    .map((id) -> store.join(challenge.id(), UUID.fromString(id), now)
                        .then(store.rememberName(UUID.fromString(id), "top-" + i, now))
                        .then(boards.refresh(challenge, UUID.fromString(id))))
                    .orElse(Mono.empty()), 8)
                .blockLast();
            long named = raw.hlen("tk:challenge:{" + challenge.id() + "}:names");

            UUID dashboardUser = UUID.randomUUID();
            for (int i = 0; i < 200; i++) {
                new EventApplier(db, transactions)
                    .apply(event(mapper, dashboardUser, (i % 2 == 0) ? "note" : "task",
                            now.minus(i % 30, ChronoUnit.DAYS)))
                    .block();
            }
            dashboards.get(dashboardUser, DashboardRange.DAYS_30).block();

            List<Workload.Result> results = new ArrayList<>();
            var reactiveRaw = rawConnection.reactive();
            for (int round = 1; round <= rounds; round++) {
                results.add(latency.run("top-100 raw ZREVRANGE",
                        (i) -> reactiveRaw.zrevrangeWithScores(key, 0, 99).collectList()));
                results.add(latency.run("top-100 Leaderboards", (i) -> boards.top(challenge.id(), 0, 100)));
                results.add(
                        latency.run("me raw ZREVRANK+ZREVRANGE",
                                (i) -> reactiveRaw.zrevrank(key, sample.get((int) (i % sample.size())).toString())
                                    .flatMap((rank) -> reactiveRaw
                                        .zrevrangeWithScores(key, Math.max(0, rank - 2), rank + 2)
                                        .collectList())));
                results.add(latency.run("me Leaderboards",
                        (i) -> boards.me(challenge.id(), sample.get((int) (i % sample.size())), 2)));
                results.add(latency.run("dashboard HIT", (i) -> dashboards.get(dashboardUser, DashboardRange.DAYS_30)));
                results.add(latency.run("dashboard MISS", (i) -> dashboards.invalidate(dashboardUser)
                    .then(dashboards.get(dashboardUser, DashboardRange.DAYS_30))));
            }
            lines.add("display names on the board's name hash: " + named);
            print(results, lines, members);

            rawConnection.close();
            rawClient.shutdown();
            streams.close();
            roles.close();
            resources.shutdown();
            pool.dispose();
        }
        System.exit(0);
    }

    /** Drains `events` entries with the service's handler and with a bare loop. */
    private static List<String> ingestion(EventIngestion ingestion, EventStreams streams,
            RedisCommands<String, String> raw, DatabaseClient db, JsonMapper mapper, int events, int rounds) {
        List<String> lines = new ArrayList<>();
        String streamKey = streams.key("content");
        for (int round = 1; round <= rounds; round++) {
            List<EventEnvelope> batch = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                batch.add(event(mapper, UUID.randomUUID(), "note", Instant.now()));
            }
            String bareGroup = "bare-" + round;
            String serviceGroup = "analytics";
            raw.xgroupCreate(XReadArgs.StreamOffset.from(streamKey, "$"), bareGroup,
                    XGroupCreateArgs.Builder.mkstream());
            streams.createGroup("content", serviceGroup).block();
            // Position the service's group at the end too, so both drain exactly `batch`.
            raw.xgroupSetid(XReadArgs.StreamOffset.from(streamKey, "$"), serviceGroup);
            Flux.fromIterable(batch).concatMap((event) -> streams.append("content", event), 64).blockLast();

            long started = System.nanoTime();
            long drained = 0;
            while (drained < events) {
                List<StreamMessage<String, String>> read = raw.xreadgroup(Consumer.from(bareGroup, "bare"),
                        XReadArgs.Builder.count(100).block(1000), XReadArgs.StreamOffset.lastConsumed(streamKey));
                if (read.isEmpty()) {
                    break;
                }
                raw.xack(streamKey, bareGroup, read.stream().map(StreamMessage::getId).toArray(String[]::new));
                drained += read.size();
            }
            double bare = drained / ((System.nanoTime() - started) / 1e9);

            long before = processed(db);
            started = System.nanoTime();
            ingestion.start();
            // Done when every event is in PostgreSQL and every entry acknowledged.
            while (processed(db) < before + events || raw.xpending(streamKey, serviceGroup).getCount() > 0) {
                sleep(20);
            }
            double service = events / ((System.nanoTime() - started) / 1e9);
            ingestion.stop();
            lines.add(String.format(
                    "ingestion round %d: service %.0f events/s, bare XREADGROUP+XACK %.0f events/s," + " ratio %.3f",
                    round, service, bare, service / bare));
        }
        return lines;
    }

    /** Events the service applied so far (its PostgreSQL record of processed ids). */
    private static long processed(DatabaseClient db) {
        Long count = db.sql("select count(*) as n from processed_event")
            .map((row, meta) -> row.get("n", Long.class))
            .one()
            .block(Duration.ofSeconds(30));
        return (count != null) ? count : 0;
    }

    private static List<UUID> fillBoard(RedisCommands<String, String> raw, String key, int members,
            Challenge challenge) {
        List<UUID> sample = new ArrayList<>();
        List<ScoredValue<String>> chunk = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            UUID user = UUID.randomUUID();
            if (i % (members / 1000 + 1) == 0) {
                sample.add(user);
            }
            long count = i % 500;
            chunk.add(
                    ScoredValue.just(CompositeScore.of(count, challenge.startsAt().plusMillis(i), challenge.startsAt()),
                            user.toString()));
            if (chunk.size() == 10_000) {
                raw.zadd(key, chunk.toArray(ScoredValue[]::new));
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            raw.zadd(key, chunk.toArray(ScoredValue[]::new));
        }
        return sample;
    }

    private static EventEnvelope event(JsonMapper mapper, UUID user, String kind, Instant at) {
        ObjectNode data = mapper.createObjectNode();
        data.put("kind", kind);
        data.put("id", UUID.randomUUID().toString());
        data.put("title", "bench");
        data.putArray("tags").add("bench").add("tag-" + (user.hashCode() & 7));
        return new EventEnvelope(EventIds.next(), "content.created", 1, at, "content-service", user.toString(), null,
                data);
    }

    private static RedisKitProperties properties(RedisServer server) {
        Map<String, String> properties = Map.of("redkeep.redis.state.nodes", server.host() + ":" + server.port(),
                "redkeep.redis.cache.nodes", server.host() + ":" + server.port());
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(RedisKitProperties.PREFIX,
                RedisKitProperties.class);
    }

    private static void print(List<Workload.Result> results, List<String> ingestion, int members) {
        System.out.println();
        ingestion.forEach(System.out::println);
        System.out.printf("%n%-28s %12s %9s %9s %9s %9s   (4 in flight; board of %d members)%n", "operation", "calls/s",
                "p50 us", "p90 us", "p99 us", "p99.9 us", members);
        for (Workload.Result result : results) {
            System.out.printf("%-28s %12.0f %9.0f %9.0f %9.0f %9.0f%n", result.name(), result.throughput(),
                    result.percentile(50), result.percentile(90), result.percentile(99), result.percentile(99.9));
        }
        System.out.println();
        System.out.println("Median p99 over rounds (service / baseline):");
        ratio(results, "top-100 Leaderboards", "top-100 raw ZREVRANGE");
        ratio(results, "me Leaderboards", "me raw ZREVRANK+ZREVRANGE");
        ratio(results, "dashboard HIT", "dashboard MISS");
    }

    private static void ratio(List<Workload.Result> results, String measured, String baseline) {
        double value = medianP99(results, measured);
        double base = medianP99(results, baseline);
        System.out.printf("  %-28s p99 %8.0f us vs %8.0f us  ratio %.3f%n", measured, value, base, value / base);
    }

    private static double medianP99(List<Workload.Result> results, String name) {
        double[] values = results.stream()
            .filter((result) -> result.name().equals(name))
            .mapToDouble((result) -> result.percentile(99))
            .sorted()
            .toArray();
        return values[values.length / 2];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
