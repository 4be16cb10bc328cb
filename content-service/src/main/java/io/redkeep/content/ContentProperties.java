package io.redkeep.content;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code redkeep.content.*}.
 *
 * @param storageDir where file content is stored by hash
 * ({@code REDKEEP_CONTENT_STORAGE_DIR})
 * @param maxFileSize largest file content accepted, enforced while streaming
 * @param databaseTimeout deadline of one database operation; past it the answer is
 * {@code 503}
 * @param search search cache settings
 * @param outbox outbox relay settings
 */
@ConfigurationProperties(prefix = ContentProperties.PREFIX)
@Validated
public record ContentProperties(@DefaultValue("data/files") @NotNull Path storageDir,
        @DefaultValue("25MB") @NotNull DataSize maxFileSize, @DefaultValue("5s") @NotNull Duration databaseTimeout,
        @DefaultValue @Valid Search search, @DefaultValue @Valid Outbox outbox) {

    public static final String PREFIX = "redkeep.content";

    /**
     * The search cache.
     *
     * @param ttl lifetime of a cached page
     * @param jitter fraction of the TTL taken off at random
     * @param staleRetryInterval how often a failed generation bump is retried
     */
    public record Search(@DefaultValue("5m") @NotNull Duration ttl,
            @DefaultValue("0.1") @DecimalMin("0") @DecimalMax("0.5") double jitter,
            @DefaultValue("1s") @NotNull Duration staleRetryInterval) {

    }

    /**
     * The outbox relay.
     *
     * @param interval how often waiting events are looked for (writes also trigger a
     * round at once)
     * @param batchSize rows claimed per round trip
     * @param retention how long published rows are kept before they are deleted
     */
    public record Outbox(@DefaultValue("500ms") @NotNull Duration interval,
            @DefaultValue("100") @Min(1) @Max(1000) int batchSize, @DefaultValue("24h") @NotNull Duration retention) {

    }

}
