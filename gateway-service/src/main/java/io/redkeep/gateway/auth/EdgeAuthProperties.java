package io.redkeep.gateway.auth;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Edge authentication (spec/http-api.md, "Authentication").
 *
 * @param publicPaths requests that need no session ({@code "POST /api/auth/login"},
 * {@code "/api/docs/**"}); everything else under {@code /api/**} and {@code /ws} does
 * @param protectedPaths path patterns that need a session unless public
 * @param cacheTtl how long a looked-up session is served from the local cache while the
 * revocation feed is live: revocations evict at once, and this bound keeps a revoked
 * session refused within 1 s even when a pub/sub message is lost before a reconnect
 * @param cacheSize most sessions cached per instance
 */
@ConfigurationProperties(EdgeAuthProperties.PREFIX)
@Validated
public record EdgeAuthProperties(@DefaultValue( {
        "POST /api/auth/register", "POST /api/auth/login", "/api/docs", "/api/docs/**" }) List<String> publicPaths,
        @DefaultValue({ "/api/**", "/ws" }) List<String> protectedPaths, @DefaultValue("1s") @NotNull Duration cacheTtl,
        @DefaultValue("100000") @Min(0) int cacheSize){

    public static final String PREFIX = "redkeep.gateway.auth";

}
