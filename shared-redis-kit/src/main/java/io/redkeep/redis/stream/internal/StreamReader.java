package io.redkeep.redis.stream.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.stream.StreamsProperties;
import io.redkeep.redis.stream.internal.GroupConsumer.Delivery;
import io.redkeep.redis.stream.internal.GroupConsumer.Target;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * Reads exactly as many entries as the consumer has asked for: XAUTOCLAIM of entries idle
 * longer than {@code claim-idle} every {@code claim-interval}, otherwise XREADGROUP of
 * new ones. The blocking XREADGROUP runs on a connection of its own: on the role's shared
 * connection it would hold up every other command for up to {@code block}.
 */
final class StreamReader {

    private static final Log logger = LogFactory.getLog(StreamReader.class);

    private static final String CURSOR_START = "0-0";

    private final RedisRoleClient state;

    private final RedisClient readClient;

    private final Target target;

    private final StreamsProperties properties;

    private final Mono<Void> groupReady;

    private final AtomicLong requested = new AtomicLong();

    private final AtomicBoolean reading = new AtomicBoolean();

    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile FluxSink<Delivery> sink;

    private volatile boolean stopping;

    private volatile boolean closed;

    private StatefulRedisConnection<String, String> connection;

    // Only touched by the single read in progress.
    private long nextClaimNanos = System.nanoTime();

    private String claimCursor = CURSOR_START;

    private int failures;

    StreamReader(RedisRoleClient state, RedisClient readClient, Target target, StreamsProperties properties,
            Mono<Void> groupReady) {
        this.state = state;
        this.readClient = readClient;
        this.target = target;
        this.properties = properties;
        this.groupReady = groupReady;
    }

    void attach(FluxSink<Delivery> sink) {
        this.sink = sink;
        sink.onRequest((n) -> {
            this.requested.getAndUpdate((current) -> Operators.addCap(current, n));
            readIfIdle();
        });
        sink.onDispose(this::close);
    }

    /** Graceful stop: no new reads; what a read in progress returns is still handled. */
    void stop() {
        this.stopping = true;
        readIfIdle();
    }

    void started() {
        this.inFlight.incrementAndGet();
    }

    void finished() {
        this.inFlight.decrementAndGet();
    }

    int inFlight() {
        return this.inFlight.get();
    }

    void close() {
        StatefulRedisConnection<String, String> open;
        synchronized (this) {
            this.closed = true;
            open = this.connection;
            this.connection = null;
        }
        if (open != null) {
            open.closeAsync();
        }
    }

    private void readIfIdle() {
        if (this.reading.compareAndSet(false, true)) {
            next();
        }
    }

    private void next() {
        FluxSink<Delivery> out = this.sink;
        if (out == null) {
            // Stopped before the group existed: the first request reads (and completes).
            this.reading.set(false);
            return;
        }
        if (this.closed || out.isCancelled()) {
            return;
        }
        if (this.stopping) {
            // Keeps reading=true for good: no read starts after this.
            out.complete();
            return;
        }
        long want = Math.min(this.requested.get(), this.properties.concurrency());
        if (want <= 0) {
            this.reading.set(false);
            if (this.requested.get() > 0 || this.stopping) {
                readIfIdle();
            }
            return;
        }
        Mono<List<Delivery>> batch = (System.nanoTime() - this.nextClaimNanos >= 0) ? claim((int) want)
                : readNew((int) want);
        batch.defaultIfEmpty(List.of()).subscribe((deliveries) -> emit(out, deliveries), this::failed);
    }

    private void emit(FluxSink<Delivery> out, List<Delivery> deliveries) {
        this.failures = 0;
        for (Delivery delivery : deliveries) {
            this.requested.decrementAndGet();
            out.next(delivery);
        }
        this.reading.set(false);
        if (this.requested.get() > 0 || this.stopping) {
            readIfIdle();
        }
    }

    private Mono<List<Delivery>> claim(int count) {
        String cursor = this.claimCursor;
        return this.state.mono((commands) -> commands.xautoclaim(this.target.key(),
                XAutoClaimArgs.Builder
                    .xautoclaim(GroupConsumer.consumer(this.target), this.properties.claimIdle(), cursor)
                    .count(count)))
            .map((claimed) -> {
                this.claimCursor = claimed.getId();
                if (CURSOR_START.equals(this.claimCursor)) {
                    this.nextClaimNanos = System.nanoTime() + this.properties.claimInterval().toNanos();
                }
                if (!claimed.getMessages().isEmpty()) {
                    logger.info(
                            "Consumer " + this.target + " reclaimed " + claimed.getMessages().size() + " idle entries");
                }
                return GroupConsumer.deliveries(claimed.getMessages(), true);
            });
    }

    private Mono<List<Delivery>> readNew(int count) {
        Duration block = this.properties.block();
        return connection()
            .flatMap((open) -> open.reactive()
                .xreadgroup(GroupConsumer.consumer(this.target), XReadArgs.Builder.block(block).count(count),
                        StreamOffset.lastConsumed(this.target.key()))
                .collectList())
            .timeout(block.plus(this.state.uri().getTimeout()))
            .map((messages) -> GroupConsumer.deliveries(messages, false));
    }

    private Mono<StatefulRedisConnection<String, String>> connection() {
        synchronized (this) {
            if (this.connection != null && this.connection.isOpen()) {
                return Mono.just(this.connection);
            }
        }
        return Mono.fromCompletionStage(() -> this.readClient.connectAsync(StringCodec.UTF8, this.state.uri()))
            .map((opened) -> {
                // BLOCK must stay shorter than this connection's command timeout.
                opened.setTimeout(this.properties.block().plus(this.state.uri().getTimeout()));
                synchronized (this) {
                    if (this.closed) {
                        opened.closeAsync();
                        throw new IllegalStateException("consumer closed");
                    }
                    this.connection = opened;
                }
                return opened;
            });
    }

    private void failed(Throwable error) {
        this.failures++;
        if (this.closed) {
            return;
        }
        logger.warn("Reading " + this.target + " failed (" + this.failures + " in a row): " + error);
        // A fresh connection re-resolves the Sentinel master (a demoted master answers
        // XREADGROUP with READONLY); NOGROUP means the stream was deleted.
        StatefulRedisConnection<String, String> broken;
        synchronized (this) {
            broken = this.connection;
            this.connection = null;
        }
        if (broken != null) {
            broken.closeAsync();
        }
        boolean noGroup = String.valueOf(error.getMessage()).contains("NOGROUP");
        Mono.delay(GroupConsumer.backoff(this.failures))
            .then(noGroup ? this.groupReady : Mono.empty())
            .onErrorResume((ignored) -> Mono.empty())
            .subscribe(null, null, this::next);
    }

}
