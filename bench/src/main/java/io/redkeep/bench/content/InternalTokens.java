package io.redkeep.bench.content;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalKey;
import io.redkeep.defaults.identity.InternalTokenIssuer;

/** Internal tokens per user, re-minted well before their 60 s lifetime ends. */
final class InternalTokens {

    private static final long REISSUE_NANOS = Duration.ofSeconds(30).toNanos();

    private final InternalTokenIssuer issuer;

    private final Map<UUID, Minted> tokens = new ConcurrentHashMap<>();

    InternalTokens(String key) {
        this.issuer = new InternalTokenIssuer(InternalKey.of(key), Duration.ofSeconds(60), Clock.systemUTC());
    }

    String token(UUID user) {
        Minted minted = this.tokens.get(user);
        if (minted == null || System.nanoTime() - minted.at() > REISSUE_NANOS) {
            minted = new Minted(
                    this.issuer.issue(Caller.user(user.toString(), "bench-session", "user", "Bench user", "127.0.0.1")),
                    System.nanoTime());
            this.tokens.put(user, minted);
        }
        return minted.token();
    }

    private record Minted(String token, long at) {

    }

}
