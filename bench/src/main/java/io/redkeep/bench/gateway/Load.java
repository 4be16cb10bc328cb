package io.redkeep.bench.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Load shapes of the gateway benchmarks, each call's latency recorded in microseconds in
 * an HdrHistogram: a closed loop (a fixed number of calls in flight, for peak throughput)
 * and an open loop (calls started at a fixed rate, latency measured from the time a call
 * was due, so a stalled server is not hidden by a stalled client).
 */
final class Load {

    private Load() {
    }

    /** A fixed number of calls in flight for {@code measure}, after {@code warmup}. */
    static Result closed(String name, int concurrency, Duration warmup, Duration measure, Supplier<Mono<?>> call) {
        drive(concurrency, warmup, call, null, new AtomicLong());
        Histogram histogram = new ConcurrentHistogram(3);
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        long calls = drive(concurrency, measure, call, histogram, errors);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(name, calls / seconds, histogram, errors.get());
    }

    private static long drive(int concurrency, Duration duration, Supplier<Mono<?>> call, Histogram histogram,
            AtomicLong errors) {
        long deadline = System.nanoTime() + duration.toNanos();
        Long count = Flux.range(0, concurrency).flatMap((lane) -> Mono.defer(() -> {
            long start = System.nanoTime();
            return call.get().doOnSuccess((ignored) -> {
                if (histogram != null) {
                    histogram.recordValue((System.nanoTime() - start) / 1_000);
                }
            }).onErrorResume((ex) -> {
                errors.incrementAndGet();
                return Mono.empty();
            }).then(Mono.just(1));
        }).repeat(() -> System.nanoTime() < deadline), concurrency).count().block();
        return (count != null) ? count : 0;
    }

    /**
     * Calls started at {@code rate} per second for {@code measure}, after {@code warmup},
     * with at most {@code maxInFlight} outstanding (beyond that the pacer waits, and the
     * wait counts in the latency of the late calls).
     */
    static Result open(String name, double rate, int maxInFlight, Duration warmup, Duration measure,
            Supplier<Mono<?>> call) {
        pace(rate, maxInFlight, warmup, call, null, new AtomicLong());
        Histogram histogram = new ConcurrentHistogram(3);
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        long calls = pace(rate, maxInFlight, measure, call, histogram, errors);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(name, calls / seconds, histogram, errors.get());
    }

    private static long pace(double rate, int maxInFlight, Duration duration, Supplier<Mono<?>> call,
            Histogram histogram, AtomicLong errors) {
        long periodNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicInteger inFlight = new AtomicInteger();
        long issued = 0;
        for (long due = start; due < end; due += periodNanos) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            while (inFlight.get() >= maxInFlight) {
                LockSupport.parkNanos(50_000);
            }
            long intended = due;
            inFlight.incrementAndGet();
            issued++;
            call.get().doFinally((signal) -> inFlight.decrementAndGet()).subscribe((ignored) -> {
            }, (ex) -> errors.incrementAndGet(), () -> {
                if (histogram != null) {
                    histogram.recordValue((System.nanoTime() - intended) / 1_000);
                }
            });
        }
        long drained = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < drained) {
            LockSupport.parkNanos(1_000_000);
        }
        return issued;
    }

    /** Median of a value over the results of one name (the rounds of one target). */
    static double median(List<Result> results, String name, java.util.function.ToDoubleFunction<Result> value) {
        double[] values = results.stream().filter((r) -> r.name().equals(name)).mapToDouble(value).sorted().toArray();
        return (values.length == 0) ? Double.NaN : values[values.length / 2];
    }

    static void print(List<Result> results) {
        System.out.printf("%-40s %10s %8s %8s %8s %9s %7s%n", "target", "calls/s", "p50 us", "p90 us", "p99 us",
                "p99.9 us", "errors");
        for (Result result : results) {
            System.out.printf("%-40s %10.0f %8d %8d %8d %9d %7d%n", result.name(), result.throughput(),
                    result.latency().getValueAtPercentile(50), result.latency().getValueAtPercentile(90),
                    result.latency().getValueAtPercentile(99), result.latency().getValueAtPercentile(99.9),
                    result.errors());
        }
    }

    /**
     * Throughput (calls per second), latency in microseconds, and calls that failed or
     * answered anything but the expected status.
     */
    record Result(String name, double throughput, Histogram latency, long errors) {

        double p50() {
            return this.latency.getValueAtPercentile(50);
        }

        double p99() {
            return this.latency.getValueAtPercentile(99);
        }

    }

}
