package io.redkeep.auth.event;

import java.time.Duration;
import java.util.UUID;

import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.stream.EventStreams;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The events of {@code tk:stream:auth} (spec/internal.md). Events that report a database
 * change are {@link #stage staged} in the {@code event_outbox} table inside the change's
 * transaction and {@link #relay relayed} to the stream after commit (and by a periodic
 * sweep), so the stream never misses a committed change nor reports a rolled-back one.
 * Events about Redis-only state (logins, revocations) are {@link #appendNow appended}
 * directly. Consumers deduplicate by envelope id (at-least-once).
 */
public class AuthEvents {

    /** The logical stream name: {@code tk:stream:auth}. */
    public static final String STREAM = "auth";

    private static final Log logger = LogFactory.getLog(AuthEvents.class);

    private static final int RELAY_BATCH = 100;

    private final DatabaseClient db;

    private final TransactionalOperator transactions;

    private final EventStreams streams;

    private final EventCodec codec;

    private final String source;

    private final Duration timeout;

    public AuthEvents(DatabaseClient db, TransactionalOperator transactions, EventStreams streams, EventCodec codec,
            String source, Duration timeout) {
        this.db = db;
        this.transactions = transactions;
        this.streams = streams;
        this.codec = codec;
        this.source = source;
        this.timeout = timeout;
    }

    /**
     * Writes an event to the outbox; call inside the transaction of the change it
     * reports, then {@link #relay()} after commit.
     */
    public Mono<Void> stage(String type, String userId, Object data) {
        return Mono.defer(() -> {
            EventEnvelope envelope = envelope(type, userId, data);
            return this.db.sql("insert into event_outbox (id, stream, payload) values (:id, :stream, :payload)")
                .bind("id", UUID.fromString(envelope.id()))
                .bind("stream", STREAM)
                .bind("payload", this.codec.encode(envelope))
                .fetch()
                .rowsUpdated()
                .timeout(this.timeout)
                .then();
        });
    }

    /**
     * Appends an event straight to the stream. A failure is logged, not passed on: the
     * state change it reports has already happened in Redis.
     */
    public Mono<Void> appendNow(String type, String userId, Object data) {
        return Mono.defer(() -> this.streams.append(STREAM, envelope(type, userId, data))).onErrorResume((ex) -> {
            logger.warn("Could not append " + type + " to the auth stream: " + ex);
            return Mono.empty();
        }).then();
    }

    /**
     * Moves staged events to the stream, oldest first, in batches. Rows are claimed with
     * {@code FOR UPDATE SKIP LOCKED} and deleted in the same transaction as their XADD,
     * so instances never relay one row concurrently; a failed XADD rolls the batch back
     * for the next sweep. Emits how many events were relayed.
     */
    public Mono<Long> relay() {
        return relayBatch().expand((count) -> (count == RELAY_BATCH) ? relayBatch() : Mono.empty())
            .reduce(0L, Long::sum)
            .onErrorResume((ex) -> {
                logger.warn("Outbox relay failed, will retry: " + ex);
                return Mono.just(0L);
            });
    }

    private Mono<Long> relayBatch() {
        Flux<String> claimed = this.db
            .sql("delete from event_outbox where id in (select id from event_outbox order by created_at limit "
                    + RELAY_BATCH + " for update skip locked) returning payload")
            .map((row) -> row.get("payload", String.class))
            .all();
        return claimed.concatMap((payload) -> this.streams.append(STREAM, this.codec.decode(payload)))
            .count()
            .timeout(this.timeout)
            .as(this.transactions::transactional);
    }

    private EventEnvelope envelope(String type, String userId, Object data) {
        return EventEnvelope.create(type, 1, this.source, userId, null, this.codec.toData(data));
    }

}
