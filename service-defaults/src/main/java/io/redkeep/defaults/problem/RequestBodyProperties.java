package io.redkeep.defaults.problem;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Request body limits (spec/http-api.md: 1 MiB, file uploads 25 MiB). Bodies above the
 * limit are answered {@code 413 payload_too_large} before a handler reads them.
 *
 * @param maxSize the limit for every path not listed in {@code overrides}
 * @param overrides larger (or smaller) limits for specific path patterns, first match
 * wins
 */
@ConfigurationProperties(RequestBodyProperties.PREFIX)
@Validated
public record RequestBodyProperties(@DefaultValue("1MB") @NotNull DataSize maxSize,
        @DefaultValue @Valid List<Override> overrides) {

    public static final String PREFIX = "redkeep.web.body";

    /**
     * A body limit for the paths matching a pattern.
     *
     * @param path a Spring {@code PathPattern}, e.g. {@code /api/files}
     * @param maxSize the limit on those paths
     */
    public record Override(@NotBlank String path, @NotNull DataSize maxSize) {

    }

}
