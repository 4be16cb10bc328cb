package io.redkeep.redis.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redis Streams settings ({@code redkeep.redis.streams.*}); streams always live in the
 * {@code state} role.
 *
 * @param maxLength approximate MAXLEN applied on every XADD
 * @param concurrency handlers running at once per consumer; also the most entries read
 * ahead
 * @param block how long one XREADGROUP waits for entries; runs on the consumer's own
 * connection, whose command timeout is set to {@code block} plus the role's timeout
 * @param handlerTimeout a handler still running after this has failed (must be shorter
 * than {@code claim-idle}, or another consumer would reclaim the entry while it runs)
 * @param claimIdle pending entries idle this long belong to a crashed consumer (or a
 * failed attempt) and are reclaimed with XAUTOCLAIM
 * @param claimInterval how often a consumer looks for such entries
 * @param maxAttempts deliveries after which an entry moves to {@code tk:stream:dead}
 * @param shutdownTimeout how long a graceful stop waits for in-flight handlers
 * @param seenTtl lifetime of an idempotency marker ({@code tk:seen:*})
 * @param metricsInterval how often lag and pending are sampled (XINFO GROUPS)
 */
@ConfigurationProperties(StreamsProperties.PREFIX)
public record StreamsProperties(@DefaultValue("1000000") long maxLength, @DefaultValue("8") int concurrency,
        @DefaultValue("1s") Duration block, @DefaultValue("30s") Duration handlerTimeout,
        @DefaultValue("60s") Duration claimIdle, @DefaultValue("5s") Duration claimInterval,
        @DefaultValue("5") int maxAttempts, @DefaultValue("10s") Duration shutdownTimeout,
        @DefaultValue("7d") Duration seenTtl, @DefaultValue("15s") Duration metricsInterval) {

    public static final String PREFIX = "redkeep.redis.streams";

    public StreamsProperties {
        if (maxLength < 1) {
            throw new IllegalArgumentException(PREFIX + ".max-length must be positive");
        }
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException(PREFIX + ".concurrency must be 1 to 1024");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(PREFIX + ".max-attempts must be positive");
        }
        for (Duration value : new Duration[] { block, handlerTimeout, claimIdle, claimInterval, shutdownTimeout,
                seenTtl, metricsInterval }) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(PREFIX + " durations must be positive");
            }
        }
        if (block.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException(PREFIX + ".block must be at most 10s");
        }
        if (handlerTimeout.compareTo(claimIdle) >= 0) {
            throw new IllegalArgumentException(PREFIX + ".handler-timeout must be shorter than claim-idle");
        }
    }

    /** The defaults, for code that builds {@link EventStreams} without Spring. */
    public static StreamsProperties defaults() {
        return new StreamsProperties(1_000_000, 8, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(5), 5, Duration.ofSeconds(10), Duration.ofDays(7),
                Duration.ofSeconds(15));
    }

}
