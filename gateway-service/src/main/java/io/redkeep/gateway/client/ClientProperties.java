package io.redkeep.gateway.client;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who the gateway believes about the client's address and scheme (spec/rate-limits.md).
 *
 * @param trustedProxies addresses and CIDR ranges whose {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} count ({@code REDKEEP_GATEWAY_TRUSTED_PROXIES}, comma list,
 * empty by default)
 */
@ConfigurationProperties(ClientProperties.PREFIX)
public record ClientProperties(@DefaultValue List<String> trustedProxies) {

    public static final String PREFIX = "redkeep.gateway";

}
