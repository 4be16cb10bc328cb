package io.redkeep.bench.content;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import io.redkeep.bench.content.ContentClient.Reply;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Drives one HTTP operation and records every call's latency (microseconds) in an
 * HdrHistogram, either closed-loop (a fixed number of calls in flight, as fast as they
 * complete) or open-loop at a fixed rate, where latency counts from the moment a call was
 * due, so a stall is charged to every call it delayed (no coordinated omission). Replies
 * that fail {@code expected} (wrong status, wrong {@code X-Cache}) or errors are counted
 * by outcome and reported; they are still timed.
 */
final class LoadDriver {

    /**
     * Calls in flight at most in open-loop mode before further calls count as dropped.
     */
    private static final int MAX_IN_FLIGHT = 1024;

    private LoadDriver() {
    }

    static Result closedLoop(String name, int concurrency, Duration duration, LongFunction<Mono<Reply>> operation,
            Predicate<Reply> expected) {
        Recorder recorder = new Recorder(name, expected);
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong sequence = new AtomicLong();
        long started = System.nanoTime();
        Flux.range(0, concurrency).flatMap((lane) -> Mono.defer(() -> {
            long start = System.nanoTime();
            return operation.apply(sequence.getAndIncrement())
                .doOnSuccess((reply) -> recorder.record(start, reply))
                .doOnError((ex) -> recorder.error(start, ex))
                .onErrorResume((ex) -> Mono.empty())
                .then(Mono.just(1));
        }).repeat(() -> System.nanoTime() < deadline), concurrency).blockLast();
        return recorder.result(System.nanoTime() - started);
    }

    static Result fixedRate(String name, int perSecond, Duration duration, LongFunction<Mono<Reply>> operation,
            Predicate<Reply> expected) {
        Recorder recorder = new Recorder(name, expected);
        long interval = 1_000_000_000L / perSecond;
        long calls = duration.toNanos() / interval;
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long started = System.nanoTime();
        for (long i = 0; i < calls; i++) {
            long due = started + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                recorder.outcome("dropped (" + MAX_IN_FLIGHT + " in flight)");
                continue;
            }
            operation.apply(i)
                .doOnSuccess((reply) -> recorder.record(due, reply))
                .doOnError((ex) -> recorder.error(due, ex))
                .doFinally((signal) -> inFlight.release())
                .subscribe(null, (ex) -> {
                });
        }
        inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
        inFlight.release(MAX_IN_FLIGHT);
        return recorder.result(System.nanoTime() - started);
    }

    private static final class Recorder {

        private final String name;

        private final Predicate<Reply> expected;

        private final Histogram histogram = new ConcurrentHistogram(3);

        private final LongAdder calls = new LongAdder();

        private final Map<String, LongAdder> unexpected = new ConcurrentHashMap<>();

        Recorder(String name, Predicate<Reply> expected) {
            this.name = name;
            this.expected = expected;
        }

        void record(long start, Reply reply) {
            this.histogram.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
            this.calls.increment();
            if (reply == null || !this.expected.test(reply)) {
                outcome((reply != null) ? reply.status() + " X-Cache=" + reply.cache() : "empty");
            }
        }

        void error(long start, Throwable ex) {
            this.histogram.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
            this.calls.increment();
            outcome(ex.getClass().getSimpleName());
        }

        void outcome(String what) {
            this.unexpected.computeIfAbsent(what, (key) -> new LongAdder()).increment();
        }

        Result result(long elapsedNanos) {
            Map<String, Long> outcomes = new TreeMap<>();
            this.unexpected.forEach((key, count) -> outcomes.put(key, count.sum()));
            long count = this.calls.sum();
            return new Result(this.name, count, count / (elapsedNanos / 1e9), this.histogram, outcomes);
        }

    }

    /**
     * One run: calls completed, calls per second, latency in microseconds, and the
     * replies that were not what the case expects, by outcome.
     */
    record Result(String name, long calls, double throughput, Histogram latency, Map<String, Long> unexpected) {

        double percentile(double p) {
            return this.latency.getValueAtPercentile(p);
        }

    }

}
