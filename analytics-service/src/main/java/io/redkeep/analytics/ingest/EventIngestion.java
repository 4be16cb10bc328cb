package io.redkeep.analytics.ingest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.redkeep.redis.stream.EventStreams;
import io.redkeep.redis.stream.StreamConsumer;
import io.redkeep.redis.stream.StreamEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Consumes {@code tk:stream:auth}, {@code tk:stream:content} and
 * {@code tk:stream:realtime} in one consumer group through the kit: at-least-once, with
 * reclaim of crashed consumers' entries and dead-lettering after repeated failures. Each
 * event runs once per group ({@code ProcessedEvents}), and its rollup changes commit
 * together with its id in PostgreSQL, so even a lost marker cannot count it twice. The
 * entries in hand are applied a batch at a time ({@link IngestBatches}).
 */
public class EventIngestion implements SmartLifecycle {

    /** The streams read, by logical name. */
    public static final List<String> STREAMS = List.of("auth", "content", "realtime");

    private static final Log logger = LogFactory.getLog(EventIngestion.class);

    private final EventStreams streams;

    private final IngestBatches batches;

    private final String group;

    private final boolean autoStart;

    private final List<StreamConsumer> consumers = new CopyOnWriteArrayList<>();

    public EventIngestion(EventStreams streams, EventApplier applier, DerivedState derived, String group,
            boolean autoStart) {
        this.streams = streams;
        this.batches = new IngestBatches(applier, derived, IngestBatches.MAX_BATCH);
        this.group = group;
        this.autoStart = autoStart;
    }

    /**
     * Handles one entry; the returned Mono completing acknowledges it. The work joins the
     * next batch ({@link IngestBatches}).
     */
    public Mono<Void> handle(StreamEvent entry) {
        return this.streams.processed().once(this.group, entry.event().id(), this.batches.submit(entry.event())).then();
    }

    @Override
    public synchronized void start() {
        if (!this.consumers.isEmpty()) {
            return;
        }
        for (String stream : STREAMS) {
            this.consumers.add(this.streams.consume(stream, this.group, this::handle));
        }
        logger.info("Consuming " + STREAMS + " in group " + this.group);
    }

    @Override
    public synchronized void stop() {
        List<StreamConsumer> running = List.copyOf(this.consumers);
        this.consumers.clear();
        Mono.when(running.stream().map(StreamConsumer::shutdown).toList()).block(Duration.ofSeconds(15));
    }

    /** Stops at once, acknowledging nothing in flight (as a crash would). */
    public synchronized void kill() {
        this.consumers.forEach(StreamConsumer::dispose);
        this.consumers.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !this.consumers.isEmpty();
    }

    @Override
    public boolean isAutoStartup() {
        return this.autoStart;
    }

}
