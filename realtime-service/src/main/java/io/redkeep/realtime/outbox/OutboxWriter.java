package io.redkeep.realtime.outbox;

import java.util.UUID;

import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Writes events into the outbox table. Call it inside the transaction of the change the
 * event describes: the event then exists exactly when the change committed.
 */
public class OutboxWriter {

    /** The logical stream of realtime events ({@code tk:stream:realtime}). */
    public static final String STREAM = "realtime";

    private final DatabaseClient db;

    private final EventCodec codec;

    public OutboxWriter(DatabaseClient db, EventCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    public Mono<Void> add(EventEnvelope event) {
        return Mono.defer(() -> this.db
            .sql("INSERT INTO outbox (stream, event_id, envelope) VALUES (:stream, :event_id, :envelope)")
            .bind("stream", STREAM)
            .bind("event_id", UUID.fromString(event.id()))
            .bind("envelope", this.codec.encode(event))
            .fetch()
            .rowsUpdated()
            .then());
    }

}
