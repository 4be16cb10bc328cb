package io.redkeep.defaults.identity;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway-to-service identity of spec/internal.md. The key has no default: it must
 * come from the environment ({@code REDKEEP_INTERNAL_KEY}) and start-up fails without it.
 *
 * @param internalKey the shared HS256 key, at least 32 bytes (UTF-8)
 * @param anonymousPaths path patterns where an internal token without {@code sub} is
 * enough (e.g. register and login); everything else needs a user
 * @param clockSkew tolerance when checking {@code exp}, {@code nbf} and {@code iat}
 * @param tokenTtl lifetime of tokens minted by {@link InternalTokenIssuer}, at most 60 s
 * @param internalIdentity switch for the resource-server side (the gateway turns it off)
 */
@ConfigurationProperties(InternalIdentityProperties.PREFIX)
@Validated
public record InternalIdentityProperties(String internalKey, @DefaultValue List<String> anonymousPaths,
        @DefaultValue("5s") @NotNull Duration clockSkew, @DefaultValue("60s") @NotNull Duration tokenTtl,
        @DefaultValue InternalIdentity internalIdentity) {

    public static final String PREFIX = "redkeep.security";

    /** Upper bound of a token's lifetime set by the contract. */
    public static final Duration MAX_TOKEN_TTL = Duration.ofSeconds(60);

    @AssertTrue(message = "token-ttl must be positive and at most 60s")
    public boolean isTokenTtlWithinContract() {
        return this.tokenTtl == null || (!this.tokenTtl.isNegative() && !this.tokenTtl.isZero()
                && this.tokenTtl.compareTo(MAX_TOKEN_TTL) <= 0);
    }

    @AssertTrue(message = "clock-skew must be between 0 and 30s")
    public boolean isClockSkewSmall() {
        return this.clockSkew == null || (!this.clockSkew.isNegative() && this.clockSkew.getSeconds() <= 30);
    }

    @Override
    public String toString() {
        // Never print the key, even in a configprops dump or a debug log.
        return "InternalIdentityProperties[internalKey=" + ((this.internalKey != null) ? "******" : "null")
                + ", anonymousPaths=" + this.anonymousPaths + ", clockSkew=" + this.clockSkew + ", tokenTtl="
                + this.tokenTtl + ", internalIdentity=" + this.internalIdentity + "]";
    }

    /**
     * Switch for the resource-server auto-configuration.
     *
     * @param enabled whether services validate internal tokens (default {@code true})
     */
    public record InternalIdentity(@DefaultValue("true") boolean enabled) {

    }

}
