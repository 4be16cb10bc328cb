package io.redkeep.session;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code redkeep.session.*}: session lifetimes (spec/http-api.md, "Authentication"). The
 * writer's idle timeout is stored in every record, so readers (gateways) need only the
 * touch interval.
 *
 * @param idleTimeout a session unused this long ends (sliding)
 * @param absoluteTimeout a session ends this long after login whatever its activity
 * @param touchInterval a lookup refreshes the idle timeout at most this often
 */
@ConfigurationProperties(prefix = SessionStoreProperties.PREFIX)
@Validated
public record SessionStoreProperties(@DefaultValue("24h") @NotNull Duration idleTimeout,
        @DefaultValue("30d") @NotNull Duration absoluteTimeout, @DefaultValue("1m") @NotNull Duration touchInterval) {

    public static final String PREFIX = "redkeep.session";

    @AssertTrue(message = "timeouts must be positive and the idle timeout at most the absolute one")
    boolean isConsistent() {
        return positive(this.idleTimeout) && positive(this.absoluteTimeout) && !this.touchInterval.isNegative()
                && this.idleTimeout.compareTo(this.absoluteTimeout) <= 0;
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

}
