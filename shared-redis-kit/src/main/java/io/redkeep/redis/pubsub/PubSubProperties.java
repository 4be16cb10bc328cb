package io.redkeep.redis.pubsub;

import java.time.Duration;

import io.redkeep.redis.RedisRole;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Pub/sub settings ({@code redkeep.redis.pubsub.*}). The probe settings bound how fast a
 * silently dead subscription is noticed: at most {@code probe-timeout} plus one
 * {@code probe-interval}, which the limits below keep within 5 s.
 *
 * @param role the Redis role carrying pub/sub
 * @param bufferSize messages buffered per subscriber before the oldest are dropped
 * @param probeInterval how often a probe is published (at most 2 s)
 * @param probeTimeout silence after which the connection is declared dead (at most 3 s
 * and more than the interval)
 * @param connectTimeout limit for one connection attempt
 * @param reconnectBackoff upper bound of the delay between reconnection attempts
 */
@ConfigurationProperties(PubSubProperties.PREFIX)
public record PubSubProperties(@DefaultValue("state") RedisRole role, @DefaultValue("1024") int bufferSize,
        @DefaultValue("1s") Duration probeInterval, @DefaultValue("3s") Duration probeTimeout,
        @DefaultValue("2s") Duration connectTimeout, @DefaultValue("1s") Duration reconnectBackoff) {

    public static final String PREFIX = "redkeep.redis.pubsub";

    private static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(2);

    private static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(3);

    public PubSubProperties {
        if (bufferSize < 1 || bufferSize > 1_000_000) {
            throw new IllegalArgumentException(PREFIX + ".buffer-size must be 1 to 1000000");
        }
        requirePositive(probeInterval, "probe-interval");
        requirePositive(probeTimeout, "probe-timeout");
        requirePositive(connectTimeout, "connect-timeout");
        requirePositive(reconnectBackoff, "reconnect-backoff");
        if (probeInterval.compareTo(MAX_PROBE_INTERVAL) > 0) {
            throw new IllegalArgumentException(PREFIX + ".probe-interval must be at most 2s");
        }
        if (probeTimeout.compareTo(MAX_PROBE_TIMEOUT) > 0 || probeTimeout.compareTo(probeInterval) <= 0) {
            throw new IllegalArgumentException(PREFIX + ".probe-timeout must exceed probe-interval and be at most 3s");
        }
    }

    /** The defaults, for code that builds a {@link RedisPubSub} without Spring. */
    public static PubSubProperties defaults() {
        return new PubSubProperties(RedisRole.STATE, 1024, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be positive");
        }
    }

}
