package io.redkeep.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.redkeep.session.SessionRecord;
import io.redkeep.session.SessionRevocations;
import io.redkeep.session.SessionRevocations.RevocationSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Sessions this instance looked up recently, by token hash. Entries are evicted the
 * moment {@code tk:events:sessions} announces a revocation; while the feed is not live
 * (before subscribing, after a reconnect that may have lost messages) nothing is served
 * from the cache, so a revoked session is refused within the feed's latency.
 */
public class SessionCache implements InitializingBean, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(SessionCache.class);

    private final SessionRevocations revocations;

    private final Cache<String, SessionRecord> sessions;

    private final AtomicBoolean live = new AtomicBoolean();

    private volatile Disposable subscription;

    public SessionCache(SessionRevocations revocations, Duration ttl, int size) {
        this.revocations = revocations;
        this.sessions = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    /** The cached session, or {@code null}: also when the feed is not live. */
    SessionRecord get(String tokenHash, Instant now) {
        if (!this.live.get()) {
            return null;
        }
        SessionRecord record = this.sessions.getIfPresent(tokenHash);
        if (record != null && !record.idleExpiresAt().isAfter(now)) {
            this.sessions.invalidate(tokenHash);
            return null;
        }
        return record;
    }

    void put(SessionRecord record) {
        if (this.live.get()) {
            this.sessions.put(record.tokenHash(), record);
        }
    }

    boolean live() {
        return this.live.get();
    }

    @Override
    public void afterPropertiesSet() {
        this.subscription = this.revocations.feed().doOnNext(this::apply).doOnError((ex) -> {
            this.live.set(false);
            this.sessions.invalidateAll();
            logger.warn("Session revocation feed failed, session cache off until it is back: {}", ex.toString());
        })
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
            .subscribe();
    }

    @Override
    public void destroy() {
        Disposable subscription = this.subscription;
        if (subscription != null) {
            subscription.dispose();
        }
    }

    private void apply(RevocationSignal signal) {
        if (signal instanceof RevocationSignal.Subscribed) {
            this.live.set(true);
        }
        else if (signal instanceof RevocationSignal.Revoked revoked) {
            this.sessions.invalidateAll(revoked.event().tokenHashes());
        }
        else if (signal instanceof RevocationSignal.MayHaveMissed) {
            this.sessions.invalidateAll();
        }
    }

}
