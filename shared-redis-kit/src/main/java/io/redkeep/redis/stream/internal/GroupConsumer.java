package io.redkeep.redis.stream.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.event.InvalidEventException;
import io.redkeep.redis.stream.StreamConsumer;
import io.redkeep.redis.stream.StreamEvent;
import io.redkeep.redis.stream.StreamsProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * One consumer of one stream in one group. Entries are read only as fast as handler slots
 * free up ({@code concurrency}), acknowledged only after the handler's Mono completed,
 * left pending when it failed (reclaimed after {@code claim-idle}, by this or another
 * consumer, with XAUTOCLAIM) and dead-lettered with the error once {@code max-attempts}
 * deliveries failed.
 */
public final class GroupConsumer implements StreamConsumer {

    private static final Log logger = LogFactory.getLog(GroupConsumer.class);

    /** The stream field holding the envelope JSON. */
    public static final String ENVELOPE_FIELD = "envelope";

    private static final int MAX_ERROR_LENGTH = 2000;

    private final RedisRoleClient state;

    private final Target target;

    private final Function<StreamEvent, Mono<Void>> handler;

    private final StreamsProperties properties;

    private final EventCodec codec;

    private final StreamMetrics.Group metrics;

    private final Sinks.Empty<Void> finished = Sinks.empty();

    private final StreamReader reader;

    private final Mono<Void> groupReady;

    private volatile Disposable loop;

    /**
     * Where a consumer reads and dead-letters.
     *
     * @param stream logical stream name
     * @param key the stream's key
     * @param deadKey the dead-letter stream's key
     * @param group consumer group
     * @param consumer this consumer's name
     */
    public record Target(String stream, String key, String deadKey, String group, String consumer) {
    }

    /**
     * An entry and how it reached this consumer.
     *
     * @param message the stream entry
     * @param claimed whether it came from XAUTOCLAIM (so it was delivered before)
     */
    record Delivery(StreamMessage<String, String> message, boolean claimed) {
    }

    /**
     * @param readClient the client for the consumer's own blocking-read connection; its
     * command timeout must follow the connection's (see {@code EventStreams})
     */
    public GroupConsumer(RedisRoleClient state, RedisClient readClient, Target target, Mono<Void> groupReady,
            Function<StreamEvent, Mono<Void>> handler, StreamsProperties properties, EventCodec codec,
            StreamMetrics.Group metrics) {
        this.state = state;
        this.target = target;
        this.handler = handler;
        this.properties = properties;
        this.codec = codec;
        this.metrics = metrics;
        this.groupReady = groupReady;
        this.reader = new StreamReader(state, readClient, target, properties, groupReady);
    }

    /** Starts consuming once the group exists. */
    public GroupConsumer start() {
        // Redis may be unreachable when the service starts (or restarts with it): keep
        // trying to create the group instead of stopping the consumer for good.
        Mono<Void> groupCreated = this.groupReady
            .doOnError((error) -> logger
                .warn("Consumer " + this.target + " cannot create its group yet, retrying: " + error.getMessage()))
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)));
        this.loop = groupCreated
            .thenMany(Flux.create(this.reader::attach, FluxSink.OverflowStrategy.BUFFER)
                .flatMap(this::process, this.properties.concurrency()))
            .doFinally((signal) -> {
                this.reader.close();
                this.finished.tryEmitEmpty();
            })
            .subscribe(null, (error) -> logger.error("Consumer " + this.target + " stopped", error));
        return this;
    }

    @Override
    public String name() {
        return this.target.consumer();
    }

    @Override
    public int inFlight() {
        return this.reader.inFlight();
    }

    @Override
    public Mono<Void> shutdown() {
        this.reader.stop();
        return this.finished.asMono()
            .then(removeIfIdle())
            .timeout(this.properties.shutdownTimeout(), Mono.fromRunnable(() -> {
                logger.warn("Consumer " + this.target + " did not finish in-flight work in time, abandoning it");
                dispose();
            }));
    }

    /**
     * Names are new on every start, so a stopped consumer with nothing pending removes
     * itself from the group rather than piling up in XINFO CONSUMERS. One with pending
     * entries stays: DELCONSUMER would drop them from the PEL unprocessed.
     */
    private Mono<Void> removeIfIdle() {
        Consumer<String> consumer = consumer(this.target);
        return this.state
            .flux((commands) -> commands.xpending(this.target.key(), consumer, Range.unbounded(), Limit.from(1)))
            .hasElements()
            .flatMap((pending) -> pending ? Mono.empty()
                    : this.state.mono((commands) -> commands.xgroupDelconsumer(this.target.key(), consumer)))
            .then()
            .onErrorResume((error) -> Mono.empty());
    }

    @Override
    public void dispose() {
        Disposable running = this.loop;
        if (running != null) {
            running.dispose();
        }
        this.reader.close();
    }

    @Override
    public boolean isDisposed() {
        Disposable running = this.loop;
        return running != null && running.isDisposed();
    }

    private Mono<Void> process(Delivery delivery) {
        String id = delivery.message().getId();
        if (delivery.claimed()) {
            this.metrics.claimed().increment();
        }
        Mono<Long> deliveries = delivery.claimed() ? deliveryCount(id) : Mono.just(1L);
        return deliveries.flatMap((count) -> handle(delivery.message(), count))
            .doOnSubscribe((s) -> this.reader.started())
            .doFinally((signal) -> this.reader.finished())
            .onErrorResume((error) -> {
                // Ack or dead-letter failed: the entry stays pending and comes back.
                logger.warn("Could not settle entry " + id + " of " + this.target + ": " + error);
                return Mono.empty();
            });
    }

    private Mono<Void> handle(StreamMessage<String, String> message, long deliveryCount) {
        String id = message.getId();
        if (deliveryCount == 0) {
            // Acknowledged by someone else between claim and lookup.
            return Mono.empty();
        }
        if (message.getBody() == null || message.getBody().isEmpty()) {
            // Trimmed away by MAXLEN while pending: nothing left to process.
            return ack(id);
        }
        if (deliveryCount > this.properties.maxAttempts()) {
            return deadLetter(message, deliveryCount,
                    "delivered " + deliveryCount + " times without acknowledgement (consumer crashes or timeouts)");
        }
        EventEnvelope event;
        try {
            event = this.codec.decode(message.getBody().get(ENVELOPE_FIELD));
        }
        catch (InvalidEventException | NullPointerException ex) {
            // Poison by construction: retrying cannot help.
            return deadLetter(message, deliveryCount, "invalid envelope: " + ex.getMessage());
        }
        StreamEvent streamEvent = new StreamEvent(this.target.stream(), this.target.group(), id, deliveryCount, event);
        return Mono.defer(() -> this.handler.apply(streamEvent))
            .timeout(this.properties.handlerTimeout())
            .thenReturn(true)
            .onErrorResume((error) -> failedAttempt(message, deliveryCount, error).thenReturn(false))
            .flatMap((succeeded) -> succeeded ? ack(id).doOnSuccess((v) -> this.metrics.processed().increment())
                    : Mono.empty());
    }

    private Mono<Void> failedAttempt(StreamMessage<String, String> message, long deliveryCount, Throwable error) {
        this.metrics.failed().increment();
        if (deliveryCount >= this.properties.maxAttempts()) {
            return deadLetter(message, deliveryCount, String.valueOf(error));
        }
        logger.warn("Handler failed on entry " + message.getId() + " of " + this.target + " (attempt " + deliveryCount
                + " of " + this.properties.maxAttempts() + "), retrying after "
                + this.properties.claimIdle().toSeconds() + " s: " + error);
        return Mono.empty();
    }

    private Mono<Void> deadLetter(StreamMessage<String, String> message, long deliveryCount, String error) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("stream", this.target.key());
        fields.put("group", this.target.group());
        fields.put("id", message.getId());
        fields.put("consumer", this.target.consumer());
        fields.put("deliveries", Long.toString(deliveryCount));
        fields.put("error", (error.length() > MAX_ERROR_LENGTH) ? error.substring(0, MAX_ERROR_LENGTH) : error);
        String envelope = (message.getBody() != null) ? message.getBody().get(ENVELOPE_FIELD) : null;
        fields.put(ENVELOPE_FIELD, (envelope != null) ? envelope : "");
        logger.error("Dead-lettering entry " + message.getId() + " of " + this.target + ": " + error);
        // XADD then XACK, not atomic: a crash in between dead-letters the entry twice at
        // worst, never loses it.
        return this.state
            .mono((commands) -> commands.xadd(this.target.deadKey(),
                    XAddArgs.Builder.maxlen(this.properties.maxLength()).approximateTrimming(), fields))
            .then(ack(message.getId()))
            .doOnSuccess((v) -> this.metrics.deadLettered().increment());
    }

    private Mono<Void> ack(String id) {
        return this.state.mono((commands) -> commands.xack(this.target.key(), this.target.group(), id)).then();
    }

    private Mono<Long> deliveryCount(String id) {
        return this.state
            .flux((commands) -> commands.xpending(this.target.key(), this.target.group(), Range.create(id, id),
                    Limit.from(1)))
            .next()
            .map((pending) -> pending.getRedeliveryCount())
            .defaultIfEmpty(0L);
    }

    static Consumer<String> consumer(Target target) {
        return Consumer.from(target.group(), target.consumer());
    }

    static List<Delivery> deliveries(List<StreamMessage<String, String>> messages, boolean claimed) {
        return messages.stream().map((message) -> new Delivery(message, claimed)).toList();
    }

    static Duration backoff(int failures) {
        long millis = Math.min(2000, 100L << Math.min(failures, 5));
        return Duration
            .ofMillis(millis / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

}
