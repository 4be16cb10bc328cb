package io.redkeep.gateway.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.redkeep.session.SessionRecord;
import io.redkeep.session.SessionStore;
import io.redkeep.session.SessionTokens;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Resolves the session of a request, without refusing anything yet: the bearer token
 * (which wins), else the {@code rk_session} cookie, else {@code ?token=} on {@code /ws}
 * upgrades. Found sessions become the request's {@link EdgePrincipal}; lookups go to
 * {@link SessionStore#findByHash} (which also refreshes the idle timeout at most once a
 * minute) unless the {@link SessionCache} holds the session.
 */
public class EdgeAuthWebFilter implements WebFilter, Ordered {

    /** After the client origin, before rate limits (which count by user). */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

    /** Exchange attribute set when the session could not be looked up (Redis failing). */
    public static final String LOOKUP_FAILED_ATTRIBUTE = EdgeAuthWebFilter.class.getName() + ".lookupFailed";

    static final String SESSION_COOKIE = "rk_session";

    private final SessionStore store;

    private final SessionCache cache;

    public EdgeAuthWebFilter(SessionStore store, SessionCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        Credential credential = credential(request);
        ServerWebExchange forwarded = exchange;
        if (credential != null && credential.fromQuery) {
            // the token must not travel on to the realtime service in the URL
            forwarded = exchange.mutate()
                .request((r) -> r
                    .uri(UriComponentsBuilder.fromUri(request.getURI()).replaceQueryParam("token").build(true).toUri()))
                .build();
        }
        if (credential == null || !SessionTokens.isWellFormed(credential.token)) {
            return chain.filter(forwarded);
        }
        ServerWebExchange next = forwarded;
        String hash = SessionTokens.hash(credential.token);
        return lookup(hash)
            .map((record) -> Optional.of(new EdgePrincipal(record.userId(), record.publicId(), record.role(),
                    record.displayName(), credential.cookie)))
            .defaultIfEmpty(Optional.empty())
            .onErrorResume((ex) -> {
                // refused later (503) only where a session is required: public paths go
                // on
                next.getAttributes().put(LOOKUP_FAILED_ATTRIBUTE, ex);
                return Mono.just(Optional.empty());
            })
            .flatMap((principal) -> {
                principal.ifPresent((p) -> next.getAttributes().put(EdgePrincipal.ATTRIBUTE, p));
                return chain.filter(next);
            });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private Mono<SessionRecord> lookup(String hash) {
        SessionRecord cached = this.cache.get(hash, Instant.now());
        if (cached != null) {
            return Mono.just(cached);
        }
        return this.store.findByHash(hash).doOnNext(this.cache::put);
    }

    private static Credential credential(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Credential(authorization.substring(7).trim(), false, false);
        }
        List<HttpCookie> cookies = request.getCookies().get(SESSION_COOKIE);
        if (cookies != null && !cookies.isEmpty()) {
            return new Credential(cookies.get(0).getValue(), true, false);
        }
        if ("/ws".equals(request.getPath().pathWithinApplication().value())) {
            String token = request.getQueryParams().getFirst("token");
            if (token != null) {
                return new Credential(token, false, true);
            }
        }
        return null;
    }

    private record Credential(String token, boolean cookie, boolean fromQuery) {

    }

}
