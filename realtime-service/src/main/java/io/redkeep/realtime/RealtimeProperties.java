package io.redkeep.realtime;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code redkeep.realtime.*}; the defaults are the limits of spec/realtime.md.
 *
 * @param databaseTimeout deadline of one database operation
 * @param socket WebSocket limits
 * @param presence presence timing
 * @param notificationCap notifications kept per user (oldest dropped beyond it)
 * @param outbox outbox relay settings
 */
@ConfigurationProperties(prefix = RealtimeProperties.PREFIX)
@Validated
public record RealtimeProperties(@DefaultValue("5s") @NotNull Duration databaseTimeout,
        @DefaultValue @Valid Socket socket, @DefaultValue @Valid Presence presence,
        @DefaultValue("200") @Min(1) @Max(10000) int notificationCap, @DefaultValue @Valid Outbox outbox) {

    public static final String PREFIX = "redkeep.realtime";

    /**
     * Per-connection limits.
     *
     * @param maxFrameSize largest accepted text frame
     * @param outboundQueue frames queued for a client before it is closed as a slow
     * consumer (4008)
     * @param pingInterval how often the server pings
     * @param pingTimeout silence after which a connection is closed
     * @param maxBadFrames malformed or invalid frames in a row before close 1008
     * @param sendRate sustained {@code send} frames per second
     * @param sendBurst {@code send} frames allowed in a burst
     * @param maxConnectionsPerUser open connections per user across all instances
     */
    public record Socket(@DefaultValue("16KB") @NotNull DataSize maxFrameSize,
            @DefaultValue("1000") @Min(1) int outboundQueue, @DefaultValue("25s") @NotNull Duration pingInterval,
            @DefaultValue("60s") @NotNull Duration pingTimeout, @DefaultValue("10") @Min(1) int maxBadFrames,
            @DefaultValue("20") @Min(1) int sendRate, @DefaultValue("40") @Min(1) int sendBurst,
            @DefaultValue("10") @Min(1) int maxConnectionsPerUser) {

    }

    /**
     * Presence timing.
     *
     * @param connectionTtl life of a connection's entry in {@code tk:presence:{userId}}
     * without a refresh
     * @param refreshInterval how often live connections refresh their entry
     * @param offlineGrace how long a user stays online after the last connection closed
     */
    public record Presence(@DefaultValue("60s") @NotNull Duration connectionTtl,
            @DefaultValue("20s") @NotNull Duration refreshInterval,
            @DefaultValue("30s") @NotNull Duration offlineGrace) {

    }

    /**
     * The outbox relay.
     *
     * @param interval how often waiting events are looked for
     * @param batchSize rows claimed per round trip
     * @param retention how long published rows are kept
     */
    public record Outbox(@DefaultValue("500ms") @NotNull Duration interval,
            @DefaultValue("100") @Min(1) @Max(1000) int batchSize, @DefaultValue("24h") @NotNull Duration retention) {

    }

}
