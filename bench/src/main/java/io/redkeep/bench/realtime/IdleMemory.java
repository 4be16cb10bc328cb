package io.redkeep.bench.realtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import io.redkeep.bench.ServiceProcess;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Memory per idle connection: a server's memory after a full GC, before and after opening
 * many idle authenticated connections to it, divided by the number opened. Process RSS is
 * reported next to it as a cross-check that includes what the runtime's own counters do
 * not see (Netty's pooled direct arenas, native thread stacks).
 */
final class IdleMemory {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One reading of a server's memory, bytes. */
    record Sample(long heap, long direct, long rss) {

        long total() {
            return this.heap + this.direct;
        }

    }

    /** The figure for one system. */
    record Result(String system, int requested, int opened, Sample before, Sample after, String heapLabel,
            String directLabel) {

        double perConnection(long before, long after) {
            return (this.opened == 0) ? Double.NaN : (after - before) / (double) this.opened;
        }

    }

    private IdleMemory() {
    }

    /**
     * Opens {@code count} connections with {@code connect} (argument: connection index),
     * 100 at a time, lets them settle, samples, closes them.
     */
    static Result measure(String system, int count, IntFunction<Mono<FanoutClient>> connect,
            java.util.function.Supplier<Sample> sampler, String heapLabel, String directLabel) {
        return measure(system, count, connect, sampler, heapLabel, directLabel, (phase) -> {
        });
    }

    /**
     * As above, calling {@code snapshot} with {@code "before"} and {@code "after"} right
     * after each sample (e.g. to save a class histogram).
     */
    static Result measure(String system, int count, IntFunction<Mono<FanoutClient>> connect,
            java.util.function.Supplier<Sample> sampler, String heapLabel, String directLabel,
            java.util.function.Consumer<String> snapshot) {
        Sample before = settleAndSample(sampler);
        snapshot.accept("before");
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger index = new AtomicInteger();
        List<FanoutClient> clients = Flux.range(0, count).flatMap((i) -> connect.apply(i).onErrorResume((error) -> {
            if (failures.incrementAndGet() <= 3) {
                System.err.println(system + ": connection " + i + " failed: " + error);
            }
            return Mono.empty();
        }).doOnNext((client) -> {
            if (index.incrementAndGet() % 2000 == 0) {
                System.out.println("  " + system + ": " + index.get() + " connections open");
            }
        }), 100).collectList().block(Duration.ofMinutes(10));
        List<FanoutClient> open = (clients != null) ? clients : new ArrayList<>();
        sleep(5000);
        Sample after = settleAndSample(sampler);
        snapshot.accept("after");
        open.forEach(FanoutClient::close);
        sleep(3000);
        return new Result(system, count, open.size(), before, after, heapLabel, directLabel);
    }

    /** A realtime-service instance: actuator prometheus after {@code jcmd GC.run}. */
    static Sample jvm(ServiceProcess server) {
        run("jcmd", Long.toString(server.pid()), "GC.run");
        sleep(1000);
        String metrics = server.get("/actuator/prometheus");
        long heap = 0;
        long direct = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += value(line);
            }
            else if (line.startsWith("jvm_buffer_memory_used_bytes{") && line.contains("id=\"direct\"")) {
                direct += value(line);
            }
        }
        return new Sample(heap, direct, rss(server.pid()));
    }

    /**
     * Saves {@code jcmd <pid> GC.class_histogram} of a JVM server to {@code file}: the
     * difference between the before and after files shows what each connection holds.
     */
    static void histogram(ServiceProcess server, Path file) {
        try {
            Process process = new ProcessBuilder("jcmd", Long.toString(server.pid()), "GC.class_histogram")
                .redirectErrorStream(true)
                .redirectOutput(file.toFile())
                .start();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        catch (IOException ex) {
            System.err.println("could not save a class histogram: " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** A Node process: {@code process.memoryUsage()} after {@code global.gc()}. */
    static Sample node(ServiceProcess server) {
        server.get("/memory");
        sleep(500);
        JsonNode memory = JSON.readTree(server.get("/memory"));
        return new Sample(memory.path("heapUsed").asLong(),
                memory.path("external").asLong() + memory.path("arrayBuffers").asLong(), rss(server.pid()));
    }

    private static Sample settleAndSample(java.util.function.Supplier<Sample> sampler) {
        sampler.get();
        return sampler.get();
    }

    private static long value(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (IOException | NumberFormatException ex) {
            return -1;
        }
        return -1;
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (IOException ex) {
            System.err.println("could not run " + String.join(" ", command) + ": " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
