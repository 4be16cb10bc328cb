package io.redkeep.defaults.identity;

import java.util.Objects;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;

/**
 * Who is calling, as the gateway vouched in the internal token. Anonymous callers
 * (register, login) only have an {@code ip}; every other path is reached by a signed-in
 * user.
 *
 * @param userId the user id ({@code sub}), empty for anonymous callers
 * @param sessionId the public session id ({@code sid})
 * @param role the user's role ({@code user} or {@code admin})
 * @param displayName the display name ({@code name})
 * @param ip the client IP as the gateway resolved it; the only IP a service may trust
 */
public record Caller(Optional<String> userId, Optional<String> sessionId, Optional<String> role,
        Optional<String> displayName, String ip) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(ip, "ip");
    }

    public static Caller user(String userId, String sessionId, String role, String displayName, String ip) {
        return new Caller(Optional.of(userId), Optional.ofNullable(sessionId), Optional.ofNullable(role),
                Optional.ofNullable(displayName), ip);
    }

    public static Caller anonymous(String ip) {
        return new Caller(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ip);
    }

    public boolean isAnonymous() {
        return this.userId.isEmpty();
    }

    /**
     * The user id of a signed-in caller.
     * @return the user id
     * @throws IllegalStateException for an anonymous caller (a path that should not have
     * been listed in {@code redkeep.security.anonymous-paths})
     */
    public String requireUserId() {
        return this.userId.orElseThrow(() -> new IllegalStateException("Anonymous caller where a user is required"));
    }

    /**
     * The caller of the current request, from the reactive security context.
     * @return the caller, empty outside an authenticated request
     */
    public static Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
            .map(SecurityContext::getAuthentication)
            .ofType(CallerAuthentication.class)
            .map(CallerAuthentication::getPrincipal);
    }

}
