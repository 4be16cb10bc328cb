package io.redkeep.bench.realtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import io.redkeep.bench.ServiceProcess;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.RedisServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The realtime fan-out benchmark (issue 7): realtime-service against Socket.IO with
 * {@code @socket.io/redis-adapter}, both as two instances on one Redis, driven by the
 * same Java load generator. Per offered rate it reports delivered messages/s and
 * end-to-end latency; then memory per idle connection on one instance of each.
 *
 * <pre>
 * ./mvnw -B -ntp -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar realtime-fanout [--realtime-jar PATH] [--rates 500,1000] ...
 * </pre>
 */
public final class RealtimeFanout {

    private static final String REDKEEP = "realtime-service";

    private static final String SOCKET_IO = "socket.io";

    private RealtimeFanout() {
    }

    /** One conversation of the layout: who sends into it and who receives from it. */
    private record Conversation(int index, List<String> senders, List<String> receivers) {
    }

    public static void main(String[] args) {
        FanoutOptions options;
        try {
            options = FanoutOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        try {
            Files.createDirectories(options.logs());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (options.realtime() && !Files.isRegularFile(options.realtimeJar())) {
            System.err.println("no realtime-service jar at " + options.realtimeJar()
                    + "; build it (./mvnw -B -ntp -pl realtime-service -am package -DskipTests) or pass --realtime-jar");
            System.exit(2);
        }
        int status = 0;
        try (RedisServer redis = RedisServer.builder().start()) {
            run(options, redis);
        }
        catch (RuntimeException ex) {
            ex.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(FanoutOptions options, RedisServer redis) {
        List<Conversation> layout = layout(options);
        System.out.printf(
                "layout: %d conversations x (%d senders + %d receivers), receivers and senders alternate "
                        + "between two instances; logs in %s%n",
                options.conversations(), options.sendersPerConversation(), options.receivers(),
                options.logs().toAbsolutePath());
        RealtimeCluster realtime = null;
        SocketIoCluster socketIo = null;
        List<FanoutLoad.Result> results = new ArrayList<>();
        List<IdleMemory.Result> memory = new ArrayList<>();
        try {
            if (options.realtime()) {
                realtime = new RealtimeCluster(options.realtimeJar(), redis,
                        PostgresServer.shared().createDatabase("redkeep_realtime"), options.serviceJavaOptions(),
                        options.logs());
            }
            if (options.socketIo()) {
                socketIo = new SocketIoCluster(options.socketIoDir(), redis, options.logs());
                System.out.println("npm ci in " + options.socketIoDir());
                socketIo.install();
            }
            if (options.fanout()) {
                results.addAll(fanout(options, layout, realtime, socketIo));
                print(results, options);
            }
            if (options.memory()) {
                if (realtime != null) {
                    memory.add(realtimeIdleMemory(options, realtime));
                }
                if (socketIo != null) {
                    memory.add(socketIoIdleMemory(options, socketIo));
                }
                printMemory(memory);
            }
        }
        finally {
            if (realtime != null) {
                realtime.close();
            }
            if (socketIo != null) {
                socketIo.close();
            }
        }
    }

    private static List<Conversation> layout(FanoutOptions options) {
        List<Conversation> conversations = new ArrayList<>();
        for (int c = 0; c < options.conversations(); c++) {
            List<String> senders = new ArrayList<>();
            List<String> receivers = new ArrayList<>();
            for (int s = 0; s < options.sendersPerConversation(); s++) {
                senders.add(RealtimeCluster.newUserId());
            }
            for (int r = 0; r < options.receivers(); r++) {
                receivers.add(RealtimeCluster.newUserId());
            }
            conversations.add(new Conversation(c, senders, receivers));
        }
        return conversations;
    }

    private static List<FanoutLoad.Result> fanout(FanoutOptions options, List<Conversation> layout,
            RealtimeCluster realtime, SocketIoCluster socketIo) {
        List<Runnable> closers = new ArrayList<>();
        List<FanoutLoad.Result> results = new ArrayList<>();
        try {
            FanoutLoad realtimeLoad = null;
            List<FanoutLoad.Sender> realtimeSenders = null;
            if (realtime != null) {
                ServiceProcess a = realtime.startInstance("realtime-a");
                ServiceProcess b = realtime.startInstance("realtime-b");
                List<ServiceProcess> instances = List.of(a, b);
                closers.add(() -> {
                    realtime.stopInstance(a);
                    realtime.stopInstance(b);
                });
                List<String> users = layout.stream()
                    .flatMap((c) -> java.util.stream.Stream.concat(c.senders().stream(), c.receivers().stream()))
                    .toList();
                System.out.println(REDKEEP + ": 2 instances up; announcing " + users.size() + " users");
                realtime.registerUsers(users);
                List<String> ids = new ArrayList<>();
                for (Conversation conversation : layout) {
                    List<String> members = new ArrayList<>(
                            conversation.senders().subList(1, conversation.senders().size()));
                    members.addAll(conversation.receivers());
                    ids.add(realtime.createConversation(instances.get(conversation.index() % 2),
                            conversation.senders().get(0), members, "bench " + conversation.index()));
                }
                realtimeLoad = new FanoutLoad("rt" + Long.toHexString(System.nanoTime()));
                FanoutClient.Listener listener = realtimeLoad.listener();
                realtimeSenders = connectAll(REDKEEP, layout, ids, closers,
                        (instance, userId) -> RedkeepClient
                            .connect(instances.get(instance).baseUri(), realtime.token(userId), listener)
                            .map(FanoutClient.class::cast));
            }
            FanoutLoad socketIoLoad = null;
            List<FanoutLoad.Sender> socketIoSenders = null;
            if (socketIo != null) {
                ServiceProcess a = socketIo.startNode("socketio-a");
                ServiceProcess b = socketIo.startNode("socketio-b");
                List<ServiceProcess> nodes = List.of(a, b);
                closers.add(() -> {
                    socketIo.stopNode(a);
                    socketIo.stopNode(b);
                });
                System.out.println(SOCKET_IO + ": 2 nodes up");
                List<String> ids = layout.stream().map((c) -> UUID.randomUUID().toString()).toList();
                socketIoLoad = new FanoutLoad("sio" + Long.toHexString(System.nanoTime()));
                FanoutClient.Listener listener = socketIoLoad.listener();
                socketIoSenders = connectAll(SOCKET_IO, layout, ids, closers,
                        (instance, userId) -> SocketIoClient.connect(nodes.get(instance).baseUri(), userId, listener)
                            .map(FanoutClient.class::cast));
            }
            // One discarded step each first, long enough for the JIT of the load
            // generator and of the servers (C2 takes many seconds of CPU on a busy box).
            if (realtimeLoad != null) {
                jitWarmup(REDKEEP, realtimeLoad, realtimeSenders, options);
            }
            if (socketIoLoad != null) {
                jitWarmup(SOCKET_IO, socketIoLoad, socketIoSenders, options);
            }
            // Then the systems alternate rate by rate so drift on a shared machine hits
            // both alike.
            for (int rate : options.rates()) {
                if (realtimeLoad != null) {
                    results.add(step(REDKEEP, realtimeLoad, realtimeSenders, rate, options));
                }
                if (socketIoLoad != null) {
                    results.add(step(SOCKET_IO, socketIoLoad, socketIoSenders, rate, options));
                }
            }
        }
        finally {
            closers.forEach(Runnable::run);
        }
        return results;
    }

    private static FanoutLoad.Result step(String system, FanoutLoad load, List<FanoutLoad.Sender> senders, int rate,
            FanoutOptions options) {
        System.out.printf("%s: %d msg/s offered for %ds (+%ds warm-up), load average %s...%n", system, rate,
                options.measure().toSeconds(), options.warmup().toSeconds(), loadAverage());
        return report(load.run(system, senders, options.receivers(), rate, options.warmup(), options.measure(),
                options.drain()));
    }

    private static void jitWarmup(String system, FanoutLoad load, List<FanoutLoad.Sender> senders,
            FanoutOptions options) {
        if (options.jitWarmup().isZero()) {
            return;
        }
        System.out.printf("%s (JIT warm-up, discarded): %d msg/s offered for %ds, load average %s...%n", system,
                options.jitWarmupRate(), options.jitWarmup().toSeconds(), loadAverage());
        report(load.run(system, senders, options.receivers(), options.jitWarmupRate(), Duration.ZERO,
                options.jitWarmup(), options.drain()));
    }

    private static FanoutLoad.Result report(FanoutLoad.Result result) {
        System.out.printf(
                "  delivered %.0f/s, p50 %.2f ms, p99 %.2f ms, %.2f%% of expected; ack p50 %.2f ms, p99 %.2f ms, "
                        + "%.2f%% acked; %d errors%s%n",
                result.deliveredPerSecond(), result.percentileMillis(50), result.percentileMillis(99),
                100 * result.deliveredShare(), result.ackPercentileMillis(50), result.ackPercentileMillis(99),
                100.0 * result.acked() / result.sent(), result.errors(),
                (result.firstError() != null) ? " (first: " + result.firstError() + ")" : "");
        return result;
    }

    /**
     * Connects every receiver and sender of the layout (connection i of a conversation on
     * instance i % 2, senders starting on the other instance than receivers) and
     * subscribes the receivers. Senders come back interleaved across conversations, so a
     * round-robin over them spreads the load evenly.
     */
    private static List<FanoutLoad.Sender> connectAll(String system, List<Conversation> layout, List<String> ids,
            List<Runnable> closers, BiFunction<Integer, String, Mono<FanoutClient>> connect) {
        List<FanoutClient> all = java.util.Collections.synchronizedList(new ArrayList<>());
        closers.add(0, () -> all.forEach(FanoutClient::close));
        Flux.fromIterable(layout)
            .flatMap((conversation) -> Flux.range(0, conversation.receivers().size())
                .flatMap((r) -> retried(connect.apply(r % 2, conversation.receivers().get(r))
                    .flatMap((client) -> client.subscribe(ids.get(conversation.index()))
                        .doOnSuccess((ignored) -> all.add(client))
                        .doOnError((error) -> client.close()))), 4),
                    4)
            .then()
            .block(Duration.ofMinutes(10));
        List<List<FanoutLoad.Sender>> byConversation = Flux.fromIterable(layout)
            .flatMapSequential((conversation) -> Flux.range(0, conversation.senders().size())
                .flatMapSequential(
                        (s) -> retried(connect.apply((s + 1) % 2, conversation.senders().get(s))).doOnNext(all::add), 4)
                .map((client) -> new FanoutLoad.Sender(client, ids.get(conversation.index())))
                .collectList(), 4)
            .collectList()
            .block(Duration.ofMinutes(10));
        List<FanoutLoad.Sender> interleaved = new ArrayList<>();
        int perConversation = byConversation.get(0).size();
        for (int s = 0; s < perConversation; s++) {
            for (List<FanoutLoad.Sender> senders : byConversation) {
                interleaved.add(senders.get(s));
            }
        }
        System.out.printf("%s: %d connections open, receivers subscribed%n", system, all.size());
        return interleaved;
    }

    /**
     * Set-up is not measured: a connect or subscribe that fails on a loaded machine is
     * tried again.
     */
    private static <T> Mono<T> retried(Mono<T> attempt) {
        return attempt.retryWhen(Retry.backoff(5, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(5)));
    }

    /**
     * The machine's 1-minute load average, printed next to every step: the figures mean
     * little when it is high.
     */
    static String loadAverage() {
        try {
            return Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        }
        catch (IOException ex) {
            return "?";
        }
    }

    private static IdleMemory.Result realtimeIdleMemory(FanoutOptions options, RealtimeCluster realtime) {
        ServiceProcess instance = realtime.startInstance("realtime-idle");
        try {
            System.out.println(REDKEEP + ": opening " + options.idleConnections() + " idle connections");
            // At most 10 connections per user (spec/realtime.md): one user per 10
            // connections.
            List<String> users = new ArrayList<>();
            for (int i = 0; i < (options.idleConnections() + 9) / 10; i++) {
                users.add(RealtimeCluster.newUserId());
            }
            return IdleMemory.measure(REDKEEP, options.idleConnections(),
                    (i) -> RedkeepClient
                        .connect(instance.baseUri(), realtime.token(users.get(i / 10)),
                                FanoutClient.Listener.ignoring())
                        .map(FanoutClient.class::cast),
                    () -> IdleMemory.jvm(instance), "heap (jvm_memory_used_bytes area=heap)",
                    "direct (jvm_buffer_memory_used_bytes id=direct)", (phase) -> IdleMemory.histogram(instance,
                            options.logs().resolve("realtime-idle-histogram-" + phase + ".txt")));
        }
        finally {
            realtime.stopInstance(instance);
        }
    }

    private static IdleMemory.Result socketIoIdleMemory(FanoutOptions options, SocketIoCluster socketIo) {
        ServiceProcess node = socketIo.startNode("socketio-idle");
        try {
            System.out.println(SOCKET_IO + ": opening " + options.idleConnections() + " idle connections");
            return IdleMemory.measure(SOCKET_IO, options.idleConnections(),
                    (i) -> SocketIoClient.connect(node.baseUri(), "idle-" + (i / 10), FanoutClient.Listener.ignoring())
                        .map(FanoutClient.class::cast),
                    () -> IdleMemory.node(node), "heap (V8 heapUsed)", "external + arrayBuffers");
        }
        finally {
            socketIo.stopNode(node);
        }
    }

    private static void print(List<FanoutLoad.Result> results, FanoutOptions options) {
        System.out.printf(
                "%nFan-out: %d conversations, %d receivers each (half on each instance), %d senders each; "
                        + "latency = sender's send to receiver's frame%n",
                options.conversations(), options.receivers(), options.sendersPerConversation());
        System.out.printf("%-17s %9s %12s %12s %9s %8s %8s %8s %8s %8s %8s %8s %8s %7s %9s %6s%n", "system",
                "offered/s", "expected/s", "delivered/s", "complete", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms",
                "max ms", "acked", "ack p50", "ack p99", "errors", "lag ms", "load");
        for (FanoutLoad.Result r : results) {
            System.out.printf(
                    "%-17s %9d %12d %12.0f %8.2f%% %8.2f %8.2f %8.2f %8.2f %8.2f %7.2f%% %8.2f %8.2f %7d %9.1f %6s%n",
                    r.system(), r.offeredRate(), (long) r.offeredRate() * options.receivers(), r.deliveredPerSecond(),
                    100 * r.deliveredShare(), r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99),
                    r.percentileMillis(99.9), r.latency().getMaxValue() / 1000.0, 100.0 * r.acked() / r.sent(),
                    r.ackPercentileMillis(50), r.ackPercentileMillis(99), r.errors(),
                    r.maxSchedulerLagMicros() / 1000.0, r.loadAverage());
        }
        System.out.println("(acked and complete are both counted at the end of the drain; ack = send to the "
                + "sender's ack, delivery = send to the receiver's frame)");
        System.out.println();
        for (String system : List.of(REDKEEP, SOCKET_IO)) {
            results.stream()
                .filter((r) -> r.system().equals(system))
                .max(java.util.Comparator.comparingDouble(FanoutLoad.Result::deliveredPerSecond))
                .ifPresent((peak) -> System.out.printf(
                        "%-17s peak delivered %.0f msg/s (at %d offered, p99 %.2f ms, %.2f%% complete)%n", system,
                        peak.deliveredPerSecond(), peak.offeredRate(), peak.percentileMillis(99),
                        100 * peak.deliveredShare()));
        }
        for (int rate : options.rates()) {
            FanoutLoad.Result ours = find(results, REDKEEP, rate);
            FanoutLoad.Result theirs = find(results, SOCKET_IO, rate);
            if (ours != null && theirs != null) {
                System.out.printf(
                        "at %5d offered: delivered ratio %.3f, p99 ratio %.3f (realtime-service / socket.io)%n", rate,
                        ours.deliveredPerSecond() / theirs.deliveredPerSecond(),
                        ours.percentileMillis(99) / theirs.percentileMillis(99));
            }
        }
        FanoutLoad.Result target = find(results, REDKEEP, 1000);
        if (target != null) {
            String p99 = (target.delivered() == 0) ? "n/a (no measured message delivered within the drain)"
                    : String.format("%.2f ms", target.percentileMillis(99));
            System.out.printf(
                    "target (p99 <= 5 ms at 1000 msg/s, %d receivers/conversation): p99 %s, %.2f%% "
                            + "complete -> %s%n",
                    options.receivers(), p99, 100 * target.deliveredShare(),
                    (target.delivered() > 0 && target.percentileMillis(99) <= 5.0 && target.deliveredShare() >= 0.999)
                            ? "met" : "NOT met");
        }
    }

    private static FanoutLoad.Result find(List<FanoutLoad.Result> results, String system, int rate) {
        return results.stream()
            .filter((r) -> r.system().equals(system) && r.offeredRate() == rate)
            .findFirst()
            .orElse(null);
    }

    private static void printMemory(List<IdleMemory.Result> memory) {
        System.out.println();
        System.out.println("Memory per idle connection (after a full GC, before vs after opening them):");
        for (IdleMemory.Result m : memory) {
            double heap = m.perConnection(m.before().heap(), m.after().heap());
            double direct = m.perConnection(m.before().direct(), m.after().direct());
            double rss = m.perConnection(m.before().rss(), m.after().rss());
            System.out.printf(
                    "%-17s %d of %d open: %.1f KB heap + %.1f KB direct = %.1f KB/connection "
                            + "(RSS %.1f KB/connection)%n    [%s; %s]%n",
                    m.system(), m.opened(), m.requested(), heap / 1024, direct / 1024, (heap + direct) / 1024,
                    rss / 1024, m.heapLabel(), m.directLabel());
        }
    }

}
