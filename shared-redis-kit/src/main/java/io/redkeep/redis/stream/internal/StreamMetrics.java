package io.redkeep.redis.stream.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * {@code redkeep.stream.*} meters, tagged by stream key and group: counters for what the
 * consumers did, and lag/pending gauges sampled from XINFO GROUPS.
 */
public final class StreamMetrics {

    private final MeterRegistry registry;

    private final Map<List<String>, Group> groups = new ConcurrentHashMap<>();

    public StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public Group group(String streamKey, String group) {
        return this.groups.computeIfAbsent(List.of(streamKey, group), (id) -> new Group(streamKey, group));
    }

    /** The stream keys and groups that have consumers, for sampling. */
    public Map<List<String>, Group> groups() {
        return this.groups;
    }

    /** Meters of one stream and consumer group. */
    public final class Group {

        private final String streamKey;

        private final AtomicLong lag = new AtomicLong();

        private final AtomicLong pending = new AtomicLong();

        private final Counter processed;

        private final Counter failed;

        private final Counter deadLettered;

        private final Counter claimed;

        private Group(String streamKey, String group) {
            this.streamKey = streamKey;
            Tags tags = Tags.of("stream", streamKey, "group", group);
            MeterRegistry meters = StreamMetrics.this.registry;
            Gauge.builder("redkeep.stream.lag", this.lag, AtomicLong::get)
                .tags(tags)
                .description("Entries not yet delivered to the group (XINFO GROUPS lag)")
                .register(meters);
            Gauge.builder("redkeep.stream.pending", this.pending, AtomicLong::get)
                .tags(tags)
                .description("Entries delivered but not acknowledged")
                .register(meters);
            this.processed = meters.counter("redkeep.stream.processed", tags);
            this.failed = meters.counter("redkeep.stream.failed", tags);
            this.deadLettered = meters.counter("redkeep.stream.dead", tags);
            this.claimed = meters.counter("redkeep.stream.claimed", tags);
        }

        public String streamKey() {
            return this.streamKey;
        }

        /** Records a sample; {@code lag} is {@code null} when Redis cannot tell it. */
        public void sampled(Long lag, long pending) {
            if (lag != null) {
                this.lag.set(lag);
            }
            this.pending.set(pending);
        }

        public Counter processed() {
            return this.processed;
        }

        public Counter failed() {
            return this.failed;
        }

        public Counter deadLettered() {
            return this.deadLettered;
        }

        public Counter claimed() {
            return this.claimed;
        }

    }

}
