package io.redkeep.analytics.rebuild;

import java.util.List;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.redkeep.analytics.ingest.EventApplier;
import io.redkeep.analytics.ingest.EventIngestion;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.stream.EventStreams;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Rebuilds the rollups from the streams' retained history: empties the event-derived
 * tables (challenges and participants stay) and applies every retained entry again with
 * {@link EventApplier}, outside the consumer group, so the group's position and its
 * once-markers are untouched. A live consumer may apply the same events meanwhile: the id
 * record in {@code processed_event} lets exactly one of them count each event.
 */
public class RollupReplay {

    private static final Log logger = LogFactory.getLog(RollupReplay.class);

    private static final int PAGE = 500;

    private final DatabaseClient db;

    private final RedisRoles redis;

    private final EventStreams streams;

    private final EventCodec codec;

    private final EventApplier applier;

    public RollupReplay(DatabaseClient db, RedisRoles redis, EventStreams streams, EventCodec codec,
            EventApplier applier) {
        this.db = db;
        this.redis = redis;
        this.streams = streams;
        this.codec = codec;
        this.applier = applier;
    }

    /**
     * Empties the rollups and replays every stream; completes with the events applied.
     */
    public Mono<Long> run() {
        return this.db.sql("truncate processed_event, activity, daily_rollup, item, tag_usage, user_profile")
            .then()
            .thenMany(Flux.fromIterable(EventIngestion.STREAMS).concatMap(this::replay))
            .reduce(0L, Long::sum);
    }

    private Flux<Long> replay(String stream) {
        String key = this.streams.key(stream);
        return page(key, "-")
            .expand((entries) -> (entries.size() < PAGE) ? Mono.empty()
                    : page(key, "(" + entries.get(entries.size() - 1).getId()))
            .concatMap((entries) -> Flux.fromIterable(entries).concatMap(this::apply).filter(Boolean::booleanValue))
            .count()
            .flux();
    }

    private Mono<List<StreamMessage<String, String>>> page(String key, String from) {
        return this.redis.state()
            .flux((commands) -> commands.xrange(key, Range.create(from, "+"), Limit.create(0, PAGE)))
            .collectList();
    }

    private Mono<Boolean> apply(StreamMessage<String, String> entry) {
        EventEnvelope event;
        try {
            event = this.codec.decode(entry.getBody().get("envelope"));
        }
        catch (RuntimeException ex) {
            logger.warn("Skipping entry " + entry.getId() + " of " + entry.getStream() + ": " + ex.getMessage());
            return Mono.just(false);
        }
        return this.applier.apply(event).onErrorResume((ex) -> {
            logger.warn("Skipping event " + event.id() + " (" + event.type() + "): " + ex.getMessage());
            return Mono.just(false);
        });
    }

}
