package io.redkeep.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.redkeep.bench.realtime.RealtimeFanout;

/**
 * Entry point of {@code benchmarks.jar}: the first argument names the benchmark, the rest
 * are its own arguments. Without a name the kit benchmark runs (its historical default).
 */
public final class Main {

    private static final Map<String, Consumer<String[]>> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("kit", KitVersusLettuce::main);
        BENCHMARKS.put("analytics", AnalyticsBenchmark::main);
        BENCHMARKS.put("realtime-fanout", RealtimeFanout::main);
        BENCHMARKS.put("gateway", io.redkeep.bench.gateway.GatewayBenchmark::main);
        BENCHMARKS.put("ratelimit", io.redkeep.bench.gateway.RateLimitDecisionBenchmark::main);
        BENCHMARKS.put("content", io.redkeep.bench.content.ContentSearchBenchmark::main);
    }

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("usage: java -jar benchmarks.jar [" + String.join("|", BENCHMARKS.keySet())
                    + "] [benchmark arguments]");
            return;
        }
        if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
            if (args.length > 0 && !args[0].matches("\\d+")) {
                System.err.println("unknown benchmark '" + args[0] + "'; known: " + BENCHMARKS.keySet());
                System.exit(2);
            }
            KitVersusLettuce.main(args);
            return;
        }
        BENCHMARKS.get(args[0]).accept(Arrays.copyOfRange(args, 1, args.length));
    }

}
