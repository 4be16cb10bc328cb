package io.redkeep.auth;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code redkeep.auth.*}: password hashing, failed-login lockout, cookies and caching of
 * auth-session-service. Session lifetimes are {@code redkeep.session.*} (session-store).
 *
 * @param password Argon2id parameters and the hashing pool's bounds
 * @param lockout failed-login lockout (spec/http-api.md, "Failed-login throttling")
 * @param cookies the {@code rk_session} and {@code XSRF-TOKEN} cookies
 * @param profileCacheTtl how long {@code tk:cache:user:{id}:profile} lives
 * @param databaseTimeout deadline of one PostgreSQL call before answering 503
 */
@ConfigurationProperties(prefix = AuthProperties.PREFIX)
@Validated
public record AuthProperties(@DefaultValue @Valid @NotNull Password password,
        @DefaultValue @Valid @NotNull Lockout lockout, @DefaultValue @Valid @NotNull Cookies cookies,
        @DefaultValue("15m") @NotNull Duration profileCacheTtl, @DefaultValue("5s") @NotNull Duration databaseTimeout) {

    public static final String PREFIX = "redkeep.auth";

    /**
     * Argon2id (OWASP Password Storage: m=19 MiB, t=2, p=1) and the bounded pool it runs
     * on.
     *
     * @param memoryKib memory cost in KiB
     * @param iterations time cost
     * @param parallelism lanes
     * @param saltLength salt bytes
     * @param hashLength hash bytes
     * @param threads hashing threads (default: available processors)
     * @param queue hash requests allowed to wait for a thread; beyond this the service
     * answers 503
     */
    public record Password(@DefaultValue("19456") @Min(1024) int memoryKib, @DefaultValue("2") @Min(1) int iterations,
            @DefaultValue("1") @Min(1) @Max(16) int parallelism, @DefaultValue("16") @Min(16) int saltLength,
            @DefaultValue("32") @Min(16) int hashLength, @DefaultValue("0") @Min(0) int threads,
            @DefaultValue("32") @Min(0) int queue) {

        /** The configured thread count, or one per available processor. */
        public int effectiveThreads() {
            return (this.threads > 0) ? this.threads : Runtime.getRuntime().availableProcessors();
        }

    }

    /**
     * @param accountLimit failures per account per window before it locks
     * @param ipLimit failures per client IP per window before it locks
     * @param window the fixed window, starting at the first failure
     */
    public record Lockout(@DefaultValue("5") @Min(1) int accountLimit, @DefaultValue("50") @Min(1) int ipLimit,
            @DefaultValue("5m") @NotNull Duration window) {

    }

    /**
     * @param secure always mark cookies {@code Secure} (otherwise only when the request
     * arrived over HTTPS as the gateway reports it)
     */
    public record Cookies(@DefaultValue("false") boolean secure) {

    }

}
