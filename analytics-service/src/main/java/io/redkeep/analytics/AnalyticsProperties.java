package io.redkeep.analytics;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code redkeep.analytics.*}.
 *
 * @param ingestion stream ingestion settings
 * @param cache cache lifetimes of the derived views
 */
@ConfigurationProperties(prefix = AnalyticsProperties.PREFIX)
@Validated
public record AnalyticsProperties(@DefaultValue @Valid Ingestion ingestion, @DefaultValue @Valid Cache cache) {

    public static final String PREFIX = "redkeep.analytics";

    /**
     * Ingestion from {@code tk:stream:auth}, {@code tk:stream:content} and
     * {@code tk:stream:realtime}.
     *
     * @param enabled whether consumers start with the application (off for a
     * {@code --rebuild} run or tests that drive ingestion by hand)
     * @param group the consumer group
     */
    public record Ingestion(@DefaultValue("true") boolean enabled, @DefaultValue("analytics") @NotNull String group) {

    }

    /**
     * Cache lifetimes (cache role).
     *
     * @param dashboard dashboards, invalidated by the user's events
     * @param recommendations recommendations per user
     * @param trending the aggregated trending list per window
     */
    public record Cache(@DefaultValue("15m") @NotNull Duration dashboard,
            @DefaultValue("1h") @NotNull Duration recommendations, @DefaultValue("30s") @NotNull Duration trending) {

    }

}
