package io.redkeep.gateway.docs;

import java.time.Duration;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The aggregated OpenAPI document at {@code /api/docs/openapi.json}.
 *
 * @param servicePath where each service serves its own OpenAPI document
 * @param timeout how long one service may take to answer
 * @param cacheFor how long an aggregated document is reused
 */
@ConfigurationProperties(DocsProperties.PREFIX)
@Validated
public record DocsProperties(@DefaultValue("/v3/api-docs") @NotEmpty String servicePath,
        @DefaultValue("2s") @NotNull Duration timeout, @DefaultValue("30s") @NotNull Duration cacheFor) {

    public static final String PREFIX = "redkeep.gateway.docs";

}
