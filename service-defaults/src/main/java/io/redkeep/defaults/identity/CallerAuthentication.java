package io.redkeep.defaults.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authentication of a request carrying a valid internal token. Signed-in callers hold
 * {@link #USER_AUTHORITY} and {@code ROLE_<ROLE>}; anonymous ones no authority at all.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    /** Held by every caller with a {@code sub}; required outside the anonymous paths. */
    public static final String USER_AUTHORITY = "INTERNAL_USER";

    private final Caller caller;

    private final Jwt token;

    public CallerAuthentication(Caller caller, Jwt token) {
        super(authorities(caller));
        this.caller = caller;
        this.token = token;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Caller caller) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (!caller.isAnonymous()) {
            authorities.add(new SimpleGrantedAuthority(USER_AUTHORITY));
            caller.role()
                .ifPresent(
                        (role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT))));
        }
        return authorities;
    }

    @Override
    public Caller getPrincipal() {
        return this.caller;
    }

    @Override
    public Jwt getCredentials() {
        return this.token;
    }

    @Override
    public String getName() {
        return this.caller.userId().orElse("anonymous");
    }

}
