package io.redkeep.redis.outbox;

import java.util.UUID;

import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Writes events into a service's {@code outbox} table. Call it inside the transaction of
 * the change the event describes: the event then exists exactly when the change
 * committed; {@link OutboxRelay} publishes it afterwards.
 */
public class OutboxWriter {

    private final DatabaseClient db;

    private final EventCodec codec;

    private final String stream;

    /**
     * A writer for one logical stream ({@code content} for {@code tk:stream:content}).
     */
    public OutboxWriter(DatabaseClient db, EventCodec codec, String stream) {
        this.db = db;
        this.codec = codec;
        this.stream = stream;
    }

    public Mono<Void> add(EventEnvelope event) {
        return Mono.defer(() -> this.db
            .sql("INSERT INTO outbox (stream, event_id, envelope) VALUES (:stream, :event_id, :envelope)")
            .bind("stream", this.stream)
            .bind("event_id", UUID.fromString(event.id()))
            .bind("envelope", this.codec.encode(event))
            .fetch()
            .rowsUpdated()
            .then());
    }

}
