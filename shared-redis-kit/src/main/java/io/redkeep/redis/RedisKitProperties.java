package io.redkeep.redis;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code redkeep.redis.*}: where the two roles of spec/internal.md live and how the kit
 * guards calls to them. Both roles default to one local server so a service runs without
 * configuration.
 *
 * @param keyPrefix first segment of every key and channel
 * @param state the role for data that must not be lost
 * @param cache the role for data that can be rebuilt
 * @param readinessRoles roles whose health the readiness probe includes
 */
@ConfigurationProperties(prefix = RedisKitProperties.PREFIX)
@Validated
public record RedisKitProperties(@DefaultValue("tk") @Pattern(regexp = "[a-z0-9-]{1,20}") String keyPrefix,
        @DefaultValue @Valid @NotNull Role state, @DefaultValue @Valid @NotNull Role cache,
        @DefaultValue("state") @NotNull List<RedisRole> readinessRoles) {

    public static final String PREFIX = "redkeep.redis";

    /** The settings of one role. */
    public RedisKitProperties.Role role(RedisRole role) {
        return (role == RedisRole.STATE) ? this.state : this.cache;
    }

    /** How a role's server is found. */
    public enum Mode {

        /** One server (or a proxy) at {@code nodes[0]}. */
        STANDALONE,

        /** The master of {@code master} as reported by the sentinels in {@code nodes}. */
        SENTINEL

    }

    /**
     * One role's connection and resilience settings.
     *
     * @param mode standalone or sentinel
     * @param nodes {@code host:port} of the server (standalone) or of every sentinel
     * @param master the Sentinel master name (sentinel mode)
     * @param sentinelPassword password of the sentinels, when they require one
     * @param username ACL user name ({@code default} when only a password is set)
     * @param password ACL or {@code requirepass} password
     * @param ssl TLS to the server (and sentinels)
     * @param database logical database number
     * @param commandTimeout deadline of one command
     * @param connectTimeout deadline of one TCP connect (and TLS handshake)
     * @param readFrom Lettuce {@code ReadFrom} name; the kit sends commands to the master
     * and uses this for read-only work only
     * @param requestQueueSize commands queued per connection before callers are rejected
     * @param durableTimeout how long {@code durably(...)} waits for a replica
     * acknowledgement
     * @param breaker the role's circuit breaker
     */
    public record Role(@DefaultValue("standalone") @NotNull Mode mode,
            @DefaultValue("127.0.0.1:6379") @NotNull List<@Pattern(regexp = "[^:\\s]+:\\d{1,5}") String> nodes,
            String master, String sentinelPassword, String username, String password, @DefaultValue @Valid Ssl ssl,
            @DefaultValue("0") @Min(0) @Max(15) int database, @DefaultValue("2s") @NotNull Duration commandTimeout,
            @DefaultValue("1s") @NotNull Duration connectTimeout,
            @DefaultValue("master") @Pattern(
                    regexp = "(?i)master|upstream|master-preferred|upstream-preferred|replica|replica-preferred|any|any-replica|lowest-latency|nearest") String readFrom,
            @DefaultValue("10000") @Min(16) @Max(1_000_000) int requestQueueSize,
            @DefaultValue("500ms") @NotNull Duration durableTimeout, @DefaultValue @Valid Breaker breaker) {

        @AssertTrue(message = "sentinel mode needs a master name and at least one sentinel node")
        boolean isSentinelComplete() {
            return this.mode != Mode.SENTINEL
                    || (this.master != null && !this.master.isBlank() && !this.nodes.isEmpty());
        }

        @AssertTrue(message = "standalone mode needs exactly one node")
        boolean isStandaloneSingleNode() {
            return this.mode != Mode.STANDALONE || this.nodes.size() == 1;
        }

        @AssertTrue(message = "a username needs a password")
        boolean isUsernameWithPassword() {
            return this.username == null || this.password != null;
        }

        @AssertTrue(message = "timeouts must be positive")
        boolean isTimeoutsPositive() {
            return isPositive(this.commandTimeout) && isPositive(this.connectTimeout)
                    && isPositive(this.durableTimeout);
        }

        private static boolean isPositive(Duration duration) {
            return duration == null || (!duration.isNegative() && !duration.isZero());
        }

    }

    /**
     * TLS to a role.
     *
     * @param enabled whether to use TLS
     * @param verifyPeer whether to verify the server certificate and host name
     */
    public record Ssl(@DefaultValue("false") boolean enabled, @DefaultValue("true") boolean verifyPeer) {

    }

    /**
     * A role's resilience4j circuit breaker: opens when enough calls fail, then fails
     * fast until a few half-open probes succeed.
     *
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param slowCallDuration calls slower than this count as slow
     * @param slowCallRateThreshold percentage of slow calls that opens the breaker
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumCalls calls needed before the rate is computed
     * @param waitInOpen how long the breaker stays open before probing
     * @param halfOpenCalls probe calls let through when half-open
     */
    public record Breaker(@DefaultValue("50") @Min(1) @Max(100) float failureRateThreshold,
            @DefaultValue("1s") @NotNull Duration slowCallDuration,
            @DefaultValue("100") @Min(1) @Max(100) float slowCallRateThreshold,
            @DefaultValue("20") @Min(1) int slidingWindowSize, @DefaultValue("5") @Min(1) int minimumCalls,
            @DefaultValue("1s") @NotNull Duration waitInOpen, @DefaultValue("3") @Min(1) int halfOpenCalls) {

    }

}
