package io.redkeep.bench.realtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options of {@code realtime-fanout}; every one has a default that runs the
 * issue's target scenario.
 */
record FanoutOptions(Path realtimeJar, Path socketIoDir, Path logs, int conversations, int receivers,
        List<Integer> rates, Duration warmup, Duration measure, Duration drain, Duration jitWarmup, int jitWarmupRate,
        int idleConnections, List<String> serviceJavaOptions, boolean realtime, boolean socketIo, boolean fanout,
        boolean memory) {

    /**
     * Stay below the spec's 20 sends/s per connection with room for scheduling jitter.
     */
    static final int MAX_SENDS_PER_SENDER = 15;

    static final String USAGE = """
            usage: java -jar benchmarks.jar realtime-fanout [options]
              --realtime-jar PATH        realtime-service exec jar (default realtime-service/target/realtime-service-exec.jar)
              --socketio-dir PATH        Node project of the baseline (default bench/socketio)
              --logs PATH                where server logs go (default bench/target/realtime-fanout)
              --conversations N          conversations (default 20)
              --receivers N              receivers per conversation, spread over both instances (default 10)
              --rates A,B,...            offered messages/s per step (default 500,1000,2000,4000)
              --warmup S --seconds S --drain S   per step (default 5, 15, 3)
              --jit-warmup S             discarded first step per system, for the JIT (default 20)
              --jit-warmup-rate N        its offered messages/s (default the lower of 300 and the highest rate)
              --idle-connections N       idle connections for the memory figure (default 10000, 0 = skip)
              --service-java-opts "..."  JVM options of each realtime-service instance (default "-Xms64m -Xmx512m")
              --only realtime|socketio   run one system only
              --skip-fanout | --skip-memory
            """;

    static FanoutOptions parse(String[] args) {
        Path jar = Path.of("realtime-service/target/realtime-service-exec.jar");
        Path socketIo = Path.of("bench/socketio");
        Path logs = Path.of("bench/target/realtime-fanout");
        int conversations = 20;
        int receivers = 10;
        List<Integer> rates = List.of(500, 1000, 2000, 4000);
        long warmup = 5;
        long seconds = 15;
        long drain = 3;
        long jitWarmup = 20;
        int jitWarmupRate = -1;
        int idle = 10_000;
        List<String> javaOptions = List.of("-Xms64m", "-Xmx512m");
        boolean realtime = true;
        boolean socketIoOn = true;
        boolean fanout = true;
        boolean memory = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--realtime-jar" -> jar = Path.of(value(args, ++i, arg));
                case "--socketio-dir" -> socketIo = Path.of(value(args, ++i, arg));
                case "--logs" -> logs = Path.of(value(args, ++i, arg));
                case "--conversations" -> conversations = Integer.parseInt(value(args, ++i, arg));
                case "--receivers" -> receivers = Integer.parseInt(value(args, ++i, arg));
                case "--rates" -> rates = Arrays.stream(value(args, ++i, arg).split(","))
                    .map(String::trim)
                    .map(Integer::valueOf)
                    .toList();
                case "--warmup" -> warmup = Long.parseLong(value(args, ++i, arg));
                case "--seconds" -> seconds = Long.parseLong(value(args, ++i, arg));
                case "--drain" -> drain = Long.parseLong(value(args, ++i, arg));
                case "--jit-warmup" -> jitWarmup = Long.parseLong(value(args, ++i, arg));
                case "--jit-warmup-rate" -> jitWarmupRate = Integer.parseInt(value(args, ++i, arg));
                case "--idle-connections" -> idle = Integer.parseInt(value(args, ++i, arg));
                case "--service-java-opts" ->
                    javaOptions = new ArrayList<>(Arrays.asList(value(args, ++i, arg).trim().split("\\s+")));
                case "--only" -> {
                    String only = value(args, ++i, arg);
                    realtime = only.equals("realtime");
                    socketIoOn = only.equals("socketio");
                    if (!realtime && !socketIoOn) {
                        throw new IllegalArgumentException("--only takes realtime or socketio, not " + only);
                    }
                }
                case "--skip-fanout" -> fanout = false;
                case "--skip-memory" -> memory = false;
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (conversations < 1 || receivers < 1 || rates.isEmpty() || rates.stream().anyMatch((rate) -> rate < 1)) {
            throw new IllegalArgumentException("conversations, receivers and rates must be positive\n" + USAGE);
        }
        if (jitWarmupRate < 1) {
            jitWarmupRate = Math.min(300, rates.stream().mapToInt(Integer::intValue).max().orElse(300));
        }
        return new FanoutOptions(jar, socketIo, logs, conversations, receivers, rates, Duration.ofSeconds(warmup),
                Duration.ofSeconds(seconds), Duration.ofSeconds(drain), Duration.ofSeconds(jitWarmup), jitWarmupRate,
                idle, List.copyOf(javaOptions), realtime, socketIoOn, fanout, memory && idle > 0);
    }

    /**
     * Senders per conversation so that the highest rate stays within the per-connection
     * limit.
     */
    int sendersPerConversation() {
        int maxRate = this.rates.stream().mapToInt(Integer::intValue).max().orElse(1);
        return Math.max(1, (int) Math.ceil((double) maxRate / this.conversations / MAX_SENDS_PER_SENDER));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[index];
    }

}
