package io.redkeep.bench.content;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Command-line options, {@code --name=value}. */
record ContentBenchOptions(int users, int itemsPerUser, int rounds, int seconds, int warmupSeconds,
        List<Integer> concurrencies, int hitPool, int gatewayRate, int gatewayWarmupSeconds, int createConcurrency,
        int createSeconds, List<String> serviceJvmOptions, Path repo, long seed) {

    static ContentBenchOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h") || !arg.startsWith("--") || !arg.contains("=")) {
                return null;
            }
            values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        ContentBenchOptions options = new ContentBenchOptions(number(values, "users", 100),
                number(values, "items-per-user", 1000), number(values, "rounds", 2), number(values, "seconds", 10),
                number(values, "warmup", 5), numbers(values, "concurrency", "4"), number(values, "hit-pool", 500),
                number(values, "gateway-rate", 50), number(values, "gateway-warmup", 60),
                number(values, "create-concurrency", 16), number(values, "create-seconds", 10),
                List.of(text(values, "service-jvm-opts", "-Xms64m -Xmx512m").trim().split("\\s+")),
                Path.of(text(values, "repo", ".")).toAbsolutePath().normalize(),
                Long.parseLong(text(values, "seed", "42")));
        if (!values.isEmpty()) {
            System.err.println("unknown options: " + values.keySet());
            return null;
        }
        return options;
    }

    /** The largest closed-loop concurrency (pool filling, warm-up). */
    int concurrency() {
        return this.concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** A comma list of positive numbers, e.g. {@code --concurrency=1,4}. */
    private static List<Integer> numbers(Map<String, String> values, String name, String defaultValue) {
        List<Integer> numbers = java.util.Arrays.stream(text(values, name, defaultValue).split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .distinct()
            .toList();
        if (numbers.isEmpty() || numbers.stream().anyMatch((number) -> number < 1)) {
            throw new IllegalArgumentException("--" + name + " must be a comma list of positive numbers");
        }
        return numbers;
    }

    private static String text(Map<String, String> values, String name, String defaultValue) {
        String value = values.remove(name);
        return (value != null) ? value : defaultValue;
    }

    private static int number(Map<String, String> values, String name, int defaultValue) {
        String value = values.remove(name);
        return (value != null) ? Integer.parseInt(value) : defaultValue;
    }

}
