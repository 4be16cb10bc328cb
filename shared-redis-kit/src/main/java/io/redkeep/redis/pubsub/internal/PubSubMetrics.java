package io.redkeep.redis.pubsub.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redkeep.redis.RedisRole;

/**
 * The {@code redkeep.pubsub.*} counters of one role (Prometheus:
 * {@code redkeep_pubsub_*_total}).
 *
 * @param published events published
 * @param received messages received from Redis (probes excluded)
 * @param dropped messages a slow subscriber's buffer discarded
 * @param probeFailures liveness probes that did not come back in time
 * @param reconnects pub/sub connections re-established
 * @param rejected payloads that were not valid envelopes
 */
public record PubSubMetrics(Counter published, Counter received, Counter dropped, Counter probeFailures,
        Counter reconnects, Counter rejected) {

    public static PubSubMetrics register(MeterRegistry registry, RedisRole role) {
        String tag = role.name().toLowerCase(java.util.Locale.ROOT);
        return new PubSubMetrics(counter(registry, "published", tag, "Events published"),
                counter(registry, "received", tag, "Messages received, probes excluded"),
                counter(registry, "dropped", tag, "Messages dropped by a full subscriber buffer"),
                counter(registry, "probe.failures", tag, "Liveness probes not received in time"),
                counter(registry, "reconnects", tag, "Pub/sub connections re-established"),
                counter(registry, "rejected", tag, "Payloads that were not valid event envelopes"));
    }

    private static Counter counter(MeterRegistry registry, String name, String role, String description) {
        return Counter.builder("redkeep.pubsub." + name).tag("role", role).description(description).register(registry);
    }

}
