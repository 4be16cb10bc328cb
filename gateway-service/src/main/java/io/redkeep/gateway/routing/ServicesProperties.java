package io.redkeep.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The services behind the gateway (spec/internal.md): where each runs and which public
 * paths it serves, with per-backend timeouts and circuit breaker.
 *
 * @param services services by name ({@code auth}, {@code content}, {@code analytics},
 * {@code realtime})
 * @param breaker the circuit breaker kept per backend instance
 */
@ConfigurationProperties(ServicesProperties.PREFIX)
@Validated
public record ServicesProperties(Map<String, @Valid Service> services, @DefaultValue @Valid Breaker breaker) {

    public static final String PREFIX = "redkeep.gateway";

    public ServicesProperties {
        services = (services != null) ? Map.copyOf(services) : Map.of();
    }

    /**
     * One service.
     *
     * @param uri the single instance ({@code REDKEEP_GATEWAY_SERVICES_CONTENT_URI})
     * @param uris several instances, balanced round-robin (comma list); wins over
     * {@code uri}
     * @param paths public path patterns routed to the service
     * @param websocketPaths paths proxied as WebSocket upgrades (realtime's {@code /ws})
     * @param connectTimeout TCP connect deadline
     * @param responseTimeout deadline for the response headers
     * @param retries extra attempts of an idempotent request whose connect failed
     */
    public record Service(URI uri, @DefaultValue List<URI> uris, @DefaultValue List<String> paths,
            @DefaultValue List<String> websocketPaths, @DefaultValue("2s") @NotNull Duration connectTimeout,
            @DefaultValue("15s") @NotNull Duration responseTimeout, @DefaultValue("1") @Min(0) int retries) {

        /** Every configured instance. */
        public List<URI> instances() {
            return !this.uris.isEmpty() ? this.uris : (this.uri != null) ? List.of(this.uri) : List.of();
        }

    }

    /**
     * A backend's breaker: opens when connects or responses keep failing, and the gateway
     * answers {@code 503} at once instead of waiting for a dead backend.
     *
     * @param failureRateThreshold percentage of failed calls that opens it
     * @param slidingWindowSize calls the rate is computed over
     * @param minimumNumberOfCalls calls needed before the rate counts
     * @param waitInOpenState how long it stays open before probing
     */
    public record Breaker(@DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("20") @Min(1) int slidingWindowSize, @DefaultValue("5") @Min(1) int minimumNumberOfCalls,
            @DefaultValue("10s") @NotNull Duration waitInOpenState) {

    }

}
