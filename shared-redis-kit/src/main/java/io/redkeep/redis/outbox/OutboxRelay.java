package io.redkeep.redis.outbox;

import java.time.Duration;
import java.util.List;

import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.stream.EventStreams;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes outbox rows to Redis Streams in id order and stamps them published. Runs on a
 * timer and whenever a write commits; rows are claimed with {@code FOR UPDATE SKIP
 * LOCKED} so instances share the work. The table is the one {@link OutboxWriter} writes
 * ({@code outbox(id, stream, event_id, envelope, published_at)}); each row goes to its
 * own stream. When Redis fails the batch stops at the first unpublished row and the rest
 * waits for the next round: nothing is lost, and consumers deduplicate the rare repeat by
 * envelope id.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(OutboxRelay.class);

    private final DatabaseClient db;

    private final TransactionalOperator transactions;

    private final EventStreams streams;

    private final EventCodec codec;

    private final Duration interval;

    private final int batchSize;

    private final Sinks.Many<Boolean> nudges = Sinks.many().multicast().directBestEffort();

    private final Duration retention;

    private volatile Disposable loop;

    private volatile Disposable cleanup;

    public OutboxRelay(DatabaseClient db, TransactionalOperator transactions, EventStreams streams, EventCodec codec,
            Duration interval, int batchSize, Duration retention) {
        this.db = db;
        this.transactions = transactions;
        this.streams = streams;
        this.codec = codec;
        this.interval = interval;
        this.batchSize = batchSize;
        this.retention = retention;
    }

    /** Asks for a relay round soon, typically after a commit that wrote events. */
    public void nudge() {
        this.nudges.tryEmitNext(Boolean.TRUE);
    }

    /**
     * Publishes waiting rows until none is left or Redis fails; emits how many were
     * published.
     */
    public Mono<Long> drain() {
        return relayBatch().expand((published) -> (published == this.batchSize) ? relayBatch() : Mono.empty())
            .reduce(0L, Long::sum);
    }

    private Mono<Long> relayBatch() {
        Mono<Long> batch = this.db
            .sql("SELECT id, stream, envelope FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit "
                    + "FOR UPDATE SKIP LOCKED")
            .bind("limit", this.batchSize)
            .map((row) -> new Pending(row.get("id", Long.class), row.get("stream", String.class),
                    row.get("envelope", String.class)))
            .all()
            .collectList()
            .flatMap(this::publish);
        return this.transactions.transactional(batch);
    }

    /**
     * Publishes one row after another and stops at the first failure; the rows published
     * until then are stamped with one statement.
     */
    private Mono<Long> publish(List<Pending> rows) {
        return Flux.fromIterable(rows)
            .concatMap(
                    (row) -> this.streams.append(row.stream(), this.codec.decode(row.envelope())).thenReturn(row.id()))
            .onErrorResume((ex) -> {
                logger.debug("Outbox relay paused: " + ex.getMessage());
                return Flux.empty();
            })
            .collectList()
            .flatMap((published) -> published.isEmpty() ? Mono.just(0L)
                    : this.db.sql("UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)")
                        .bind("ids", published.toArray(new Long[0]))
                        .fetch()
                        .rowsUpdated()
                        .thenReturn((long) published.size()));
    }

    @Override
    public void start() {
        this.loop = Flux
            .merge(Flux.interval(this.interval, this.interval, Schedulers.parallel()),
                    this.nudges.asFlux().map((nudge) -> 0L))
            .onBackpressureDrop()
            .concatMap((tick) -> drain().onErrorResume((ex) -> {
                logger.debug("Outbox relay round failed: " + ex.getMessage());
                return Mono.just(0L);
            }), 1)
            .subscribe();
        // Published rows are only history: keep them for a while for operators, then
        // drop.
        this.cleanup = Flux.interval(Duration.ofMinutes(1), Duration.ofMinutes(10), Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap((tick) -> deletePublished().onErrorResume((ex) -> Mono.just(0L)), 1)
            .subscribe();
    }

    /** Deletes rows published longer than the retention ago; emits how many. */
    public Mono<Long> deletePublished() {
        return this.db.sql(
                "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => :secs)")
            .bind("secs", (double) this.retention.toSeconds())
            .fetch()
            .rowsUpdated();
    }

    @Override
    public void stop() {
        for (Disposable current : new Disposable[] { this.loop, this.cleanup }) {
            if (current != null) {
                current.dispose();
            }
        }
        this.loop = null;
        this.cleanup = null;
    }

    @Override
    public boolean isRunning() {
        return this.loop != null;
    }

    private record Pending(long id, String stream, String envelope) {

    }

}
