package io.redkeep.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Drives one operation with a fixed number of calls in flight for a fixed time and
 * records every call's latency in an HdrHistogram.
 */
final class Workload {

    private final int concurrency;

    private final Duration warmup;

    private final Duration measure;

    Workload(int concurrency, Duration warmup, Duration measure) {
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.measure = measure;
    }

    Result run(String name, LongFunction<Mono<?>> operation) {
        drive(operation, this.warmup, null);
        Histogram histogram = new ConcurrentHistogram(3);
        long started = System.nanoTime();
        long calls = drive(operation, this.measure, histogram);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(name, calls / seconds, histogram);
    }

    private long drive(LongFunction<Mono<?>> operation, Duration duration, Histogram histogram) {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong sequence = new AtomicLong();
        Long count = Flux.range(0, this.concurrency)
            .flatMap((lane) -> Flux.defer(() -> Mono.just(sequence.getAndIncrement())).flatMap((i) -> {
                long start = System.nanoTime();
                return operation.apply(i).doOnSuccess((ignored) -> {
                    if (histogram != null) {
                        histogram.recordValue((System.nanoTime() - start) / 1_000);
                    }
                }).then(Mono.just(1));
            }).repeat(() -> System.nanoTime() < deadline), this.concurrency)
            .count()
            .block();
        return (count != null) ? count : 0;
    }

    /** Throughput (calls per second) and latency in microseconds. */
    record Result(String name, double throughput, Histogram latency) {

        double percentile(double p) {
            return this.latency.getValueAtPercentile(p);
        }

    }

}
