package io.redkeep.auth.login;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.lettuce.core.ScriptOutputType;
import io.redkeep.auth.AuthProperties;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Failed-login lockout (spec/http-api.md, "Failed-login throttling"): fixed windows per
 * account ({@code tk:login-fail:{sha256(lower(email))}}) and per client IP
 * ({@code tk:login-fail-ip:{ip}}), checked before any password is verified. Works for
 * unknown emails too, so the lock reveals nothing about which accounts exist.
 */
public class LoginLockout {

    /** Literal IPv4 or IPv6 text: safe as a hash tag; anything else is hashed. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final RedisRoleClient state;

    private final RedisKeys keys;

    private final AuthProperties.Lockout properties;

    private final RedisScript check = RedisScript.load("login-lockout-check");

    private final RedisScript fail = RedisScript.load("login-lockout-fail");

    public LoginLockout(RedisRoles redis, AuthProperties.Lockout properties) {
        this.state = redis.state();
        this.keys = redis.keys();
        this.properties = properties;
    }

    /** How long the account or IP stays locked; {@link Duration#ZERO} when not locked. */
    public Mono<Duration> lockedFor(String email, String ip) {
        return this.check
            .<Long>mono(this.state, ScriptOutputType.INTEGER, keys(email, ip),
                    Integer.toString(this.properties.accountLimit()), Integer.toString(this.properties.ipLimit()))
            .map(Duration::ofMillis)
            .defaultIfEmpty(Duration.ZERO);
    }

    /** Counts a failed attempt against the account and the IP. */
    public Mono<Void> recordFailure(String email, String ip) {
        return this.fail
            .<Long>mono(this.state, ScriptOutputType.INTEGER, keys(email, ip),
                    Long.toString(this.properties.window().toMillis()))
            .then();
    }

    /** A successful login clears the account's counter (not the IP's). */
    public Mono<Void> clear(String email) {
        String key = accountKey(email);
        return this.state.mono((commands) -> commands.del(key)).then();
    }

    String accountKey(String email) {
        return this.keys.key("login-fail").hashedTag(email.toLowerCase(Locale.ROOT)).build();
    }

    String ipKey(String ip) {
        RedisKeys.Builder key = this.keys.key("login-fail-ip");
        return (IP_LITERAL.matcher(ip).matches() ? key.tag(ip) : key.hashedTag(ip)).build();
    }

    private List<String> keys(String email, String ip) {
        List<String> keys = new ArrayList<>(2);
        keys.add(accountKey(email));
        if (ip != null && !ip.isEmpty()) {
            keys.add(ipKey(ip));
        }
        return keys;
    }

}
