package io.redkeep.redis.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.micrometer.core.instrument.MeterRegistry;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.stream.internal.GroupConsumer;
import io.redkeep.redis.stream.internal.GroupConsumer.Target;
import io.redkeep.redis.stream.internal.StreamMetrics;
import io.redkeep.redis.stream.internal.XinfoGroups;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Durable domain events on Redis Streams in the {@code state} role (spec/internal.md):
 * {@link #append} with approximate MAXLEN, consumer groups created idempotently, and
 * at-least-once {@link #consume consumers} with reclaim and dead-lettering. Streams are
 * named logically ({@code auth}, {@code content}, {@code realtime}); the keys are
 * {@code tk:stream:<name>}.
 */
public final class EventStreams implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(EventStreams.class);

    /** The dead-letter stream's logical name ({@code tk:stream:dead}). */
    public static final String DEAD_LETTER_STREAM = "dead";

    private final RedisRoleClient state;

    private final RedisKeys keys;

    private final EventCodec codec;

    private final StreamsProperties properties;

    private final StreamMetrics metrics;

    private final ProcessedEvents processed;

    private final List<GroupConsumer> consumers = new CopyOnWriteArrayList<>();

    private final Disposable sampler;

    private final RedisClient readClient;

    public EventStreams(RedisRoleClient state, RedisKeys keys, EventCodec codec, StreamsProperties properties,
            MeterRegistry meterRegistry) {
        this.state = state;
        this.keys = keys;
        this.codec = codec;
        this.properties = properties;
        this.metrics = new StreamMetrics(meterRegistry);
        // Blocking reads get a client of their own on the shared resources whose command
        // timeout follows each connection's (block plus the role's timeout): the role's
        // client may fix its timeout below the BLOCK time.
        this.readClient = RedisClient.create(state.client().getResources());
        this.readClient
            .setOptions(state.client().getOptions().mutate().timeoutOptions(TimeoutOptions.enabled()).build());
        this.processed = new ProcessedEvents(state, keys, properties.claimIdle(), properties.seenTtl());
        this.sampler = Flux.interval(properties.metricsInterval(), Schedulers.parallel())
            // A slow sample skips ticks instead of failing the interval.
            .onBackpressureDrop()
            .concatMap((tick) -> sampleLagAndPending())
            .subscribe();
    }

    /** The key of a logical stream, e.g. {@code tk:stream:content}. */
    public String key(String stream) {
        return this.keys.key("stream").part(stream).build();
    }

    /**
     * Appends {@code event} (XADD, MAXLEN ~ {@code max-length}); completes with the entry
     * id. Not idempotent: an XADD replayed after a reconnect may append the event twice,
     * which consumers absorb by deduplicating on the envelope id.
     */
    public Mono<String> append(String stream, EventEnvelope event) {
        return Mono.defer(() -> {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("type", event.type());
            fields.put("eventId", event.id());
            fields.put(GroupConsumer.ENVELOPE_FIELD, this.codec.encode(event));
            XAddArgs args = XAddArgs.Builder.maxlen(this.properties.maxLength()).approximateTrimming();
            return this.state.mono((commands) -> commands.xadd(key(stream), args, fields));
        });
    }

    /**
     * Creates {@code group} on {@code stream} if it does not exist (MKSTREAM; BUSYGROUP
     * is success). A new group starts at the beginning of the stream, so events appended
     * before the consumer first ran are not skipped.
     */
    public Mono<Void> createGroup(String stream, String group) {
        return Mono.defer(() -> this.state
            .mono((commands) -> commands.xgroupCreate(StreamOffset.from(key(stream), "0"), group,
                    XGroupCreateArgs.Builder.mkstream()))
            .then()
            .onErrorResume(EventStreams::isBusyGroup, (error) -> Mono.empty()));
    }

    /**
     * Starts a consumer of {@code stream} in {@code group} with a fresh unique name. The
     * handler's Mono completing acknowledges the entry; failing (or running past
     * {@code handler-timeout}) leaves it for a retry after {@code claim-idle}, and the
     * {@code max-attempts}-th failure moves it to {@code tk:stream:dead}.
     */
    public StreamConsumer consume(String stream, String group, Function<StreamEvent, Mono<Void>> handler) {
        String name = "consumer-" + UUID.randomUUID();
        Target target = new Target(stream, key(stream), key(DEAD_LETTER_STREAM), group, name);
        GroupConsumer consumer = new GroupConsumer(this.state, this.readClient, target, createGroup(stream, group),
                handler, this.properties, this.codec, this.metrics.group(target.key(), group));
        this.consumers.add(consumer);
        return consumer.start();
    }

    /** Once-only helper on {@code tk:seen:<group>:{<eventId>}}. */
    public ProcessedEvents processed() {
        return this.processed;
    }

    /** Gracefully stops every consumer started here. */
    public Mono<Void> shutdown() {
        List<Mono<Void>> stops = new ArrayList<>();
        for (GroupConsumer consumer : this.consumers) {
            stops.add(consumer.shutdown());
        }
        return Mono.when(stops).doFinally((signal) -> this.consumers.clear());
    }

    /**
     * Blocks the calling (shutdown) thread until in-flight handlers finished, bounded by
     * {@code shutdown-timeout}.
     */
    @Override
    public void close() {
        this.sampler.dispose();
        try {
            shutdown().block(this.properties.shutdownTimeout().plusSeconds(1));
        }
        catch (RuntimeException ex) {
            logger.warn("Stream consumers did not stop cleanly", ex);
        }
        this.readClient.shutdownAsync();
    }

    private Mono<Void> sampleLagAndPending() {
        return Flux.fromIterable(List.copyOf(this.metrics.groups().values()))
            .map(StreamMetrics.Group::streamKey)
            .distinct()
            .concatMap((streamKey) -> this.state.flux((commands) -> commands.xinfoGroups(streamKey))
                .collectList()
                .doOnNext((raw) -> XinfoGroups.parse(raw).forEach((info) -> {
                    StreamMetrics.Group group = this.metrics.groups().get(List.of(streamKey, info.name()));
                    if (group != null) {
                        group.sampled(info.lag(), info.pending());
                    }
                }))
                .onErrorResume((error) -> Mono.empty()))
            .then();
    }

    private static boolean isBusyGroup(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).startsWith("BUSYGROUP")) {
                return true;
            }
        }
        return false;
    }

}
