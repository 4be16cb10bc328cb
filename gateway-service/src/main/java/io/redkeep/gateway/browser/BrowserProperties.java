package io.redkeep.gateway.browser;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What browsers are allowed to do with the gateway's responses.
 *
 * @param allowedOrigins origins allowed to call the API cross-origin
 * ({@code https://app.example}), empty by default: same-origin only
 * @param contentSecurityPolicy the {@code Content-Security-Policy} sent when a response
 * has none of its own
 */
@ConfigurationProperties(BrowserProperties.PREFIX)
public record BrowserProperties(@DefaultValue List<String> allowedOrigins,
        @DefaultValue("frame-ancestors 'none'") String contentSecurityPolicy) {

    public static final String PREFIX = "redkeep.gateway.browser";

}
