package io.redkeep.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.lettuce.core.ScriptOutputType;
import io.redkeep.redis.DurableWrite;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.script.RedisScript;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one reader and writer of the session layout of spec/internal.md, in the
 * {@code state} Redis role:
 * <ul>
 * <li>{@code tk:session:{sha256(token)}}: hash, the {@link SessionRecord}, expiring at
 * the earlier of idle and absolute expiry;</li>
 * <li>{@code tk:user:{userId}:sessions}: sorted set of public ids scored by that expiry,
 * pruned on every write;</li>
 * <li>{@code tk:session-id:{publicId}}: the token hash, for revoking by public id.</li>
 * </ul>
 * Every operation is one Lua script (one round trip). Creation and revocation are durable
 * writes (WAIT for a replica when there is one) so a Sentinel failover cannot bring back
 * a revoked session; revocations are announced on {@code tk:events:sessions} through
 * {@link SessionRevocationPublisher}.
 */
public class SessionStore {

    private static final Log logger = LogFactory.getLog(SessionStore.class);

    private final RedisRoleClient state;

    private final RedisKeys keys;

    private final SessionStoreProperties properties;

    private final SessionRevocationPublisher publisher;

    private final RedisScript createScript = RedisScript.load("session-create");

    private final RedisScript findScript = RedisScript.load("session-find");

    private final RedisScript revokeScript = RedisScript.load("session-revoke");

    private final RedisScript revokeAllScript = RedisScript.load("session-revoke-all");

    private final RedisScript listScript = RedisScript.load("session-list");

    private final RedisScript updateUserScript = RedisScript.load("session-update-user");

    public SessionStore(RedisRoles redis, SessionStoreProperties properties, SessionRevocationPublisher publisher) {
        this.state = redis.state();
        this.keys = redis.keys();
        this.properties = Objects.requireNonNull(properties, "properties");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /**
     * Creates a session with a new token (a new one on every login, against fixation),
     * waiting for a replica when there is one. Emits the token once; only its hash is
     * stored.
     */
    public Mono<IssuedSession> create(NewSession session) {
        return Mono.defer(() -> {
            String token = SessionTokens.newToken();
            String tokenHash = SessionTokens.hash(token);
            String publicId = SessionTokens.newPublicId();
            List<String> keyList = List.of(sessionKey(tokenHash), indexKey(session.userId()), sessionIdKey(publicId));
            String[] args = { tokenHash, publicId, millis(this.properties.idleTimeout()),
                    millis(this.properties.absoluteTimeout()), "userId", session.userId(), "role", session.role(),
                    "displayName", session.displayName(), "ip", session.ip(), "userAgent", session.userAgent() };
            return this.state
                .durably((commands) -> this.createScript
                    .<List<Object>>evalsha(commands, ScriptOutputType.MULTI, keyList.toArray(String[]::new), args)
                    .next())
                .map((write) -> {
                    warnIfUnreplicated(write, "session create");
                    List<Object> times = write.value();
                    long createdAt = (Long) times.get(0);
                    long expiresAt = (Long) times.get(1);
                    SessionRecord record = new SessionRecord(tokenHash, publicId, session.userId(), session.role(),
                            session.displayName(), session.ip(), session.userAgent(), instant(createdAt),
                            instant(createdAt), instant(expiresAt), this.properties.idleTimeout());
                    return new IssuedSession(token, record);
                });
        });
    }

    /**
     * The session of a raw token, refreshing its idle timeout when the last refresh is
     * older than the touch interval (lookup and refresh are one round trip). Empty when
     * the token is malformed, unknown, revoked, idle too long or past its absolute
     * expiry.
     */
    public Mono<SessionRecord> find(String token) {
        if (!SessionTokens.isWellFormed(token)) {
            return Mono.empty();
        }
        return findByHash(SessionTokens.hash(token));
    }

    /** As {@link #find(String)} for a token already hashed (a gateway's cache key). */
    public Mono<SessionRecord> findByHash(String tokenHash) {
        return this.findScript
            .<List<Object>>mono(this.state, ScriptOutputType.MULTI, List.of(sessionKey(tokenHash)),
                    millis(this.properties.touchInterval()), this.keys.prefix())
            .filter((reply) -> !reply.isEmpty() && reply.get(0) != null)
            .map((reply) -> SessionRecord.fromHash(tokenHash, toMap(reply, 0, reply.size())));
    }

    /**
     * Refreshes the idle timeout of a session a gateway serves from a local cache (the
     * same script as {@link #findByHash}: a refresh at most once per touch interval).
     * Emits {@code false} when the session is gone: evict it.
     */
    public Mono<Boolean> touch(String tokenHash) {
        return findByHash(tokenHash).hasElement();
    }

    /**
     * Every live session of a user, newest first (spec lists are newest first); drops
     * index entries of dead ones.
     */
    public Flux<SessionRecord> list(String userId) {
        return this.listScript
            .<List<Object>>mono(this.state, ScriptOutputType.MULTI, List.of(indexKey(userId)), this.keys.prefix())
            .flatMapIterable((sessions) -> {
                List<SessionRecord> records = new ArrayList<>(sessions.size());
                for (Object session : sessions) {
                    List<?> fields = (List<?>) session;
                    Map<String, String> hash = toMap(fields, 0, fields.size());
                    records.add(SessionRecord.fromHash(hash.get("tokenHash"), hash));
                }
                records.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
                return records;
            });
    }

    /**
     * Revokes one session by public id, only if it belongs to {@code userId} (so no user
     * can revoke, or learn of, another's session). Empty when there was no such session.
     */
    public Mono<RevokedSession> revoke(String userId, String publicId, String reason) {
        Objects.requireNonNull(userId, "userId");
        return Mono.defer(
                () -> this.state
                    .durably(
                            (commands) -> this.revokeScript
                                .<List<Object>>evalsha(commands, ScriptOutputType.MULTI,
                                        new String[] { sessionIdKey(publicId) }, this.keys.prefix(), publicId, userId)
                                .next())
                    .flatMap((write) -> {
                        warnIfUnreplicated(write, "session revoke");
                        List<Object> reply = write.value();
                        if (reply.isEmpty() || reply.get(0) == null) {
                            return Mono.empty();
                        }
                        RevokedSession revoked = new RevokedSession(publicId, (String) reply.get(1));
                        return this.publisher.publish(SessionRevoked.of(userId, List.of(revoked), reason))
                            .thenReturn(revoked);
                    }));
    }

    /** Revokes every session of a user (logout-all). */
    public Mono<List<RevokedSession>> revokeAll(String userId, String reason) {
        return revokeAllExcept(userId, null, reason);
    }

    /**
     * Revokes every session of a user except {@code keepPublicId} (password change keeps
     * the caller's session); {@code null} keeps none.
     */
    public Mono<List<RevokedSession>> revokeAllExcept(String userId, String keepPublicId, String reason) {
        return Mono.defer(
                () -> this.state
                    .durably((commands) -> this.revokeAllScript
                        .<List<Object>>evalsha(commands, ScriptOutputType.MULTI, new String[] { indexKey(userId) },
                                this.keys.prefix(), (keepPublicId != null) ? keepPublicId : "")
                        .next())
                    .flatMap((write) -> {
                        warnIfUnreplicated(write, "session revoke-all");
                        List<Object> reply = write.value();
                        List<RevokedSession> revoked = new ArrayList<>(reply.size() / 2);
                        for (int i = 0; i + 1 < reply.size(); i += 2) {
                            revoked.add(new RevokedSession((String) reply.get(i), (String) reply.get(i + 1)));
                        }
                        if (revoked.isEmpty()) {
                            return Mono.just(List.<RevokedSession>of());
                        }
                        return this.publisher.publish(SessionRevoked.of(userId, revoked, reason)).thenReturn(revoked);
                    }));
    }

    /**
     * Copies a user's new display name and role into every live session, so the identity
     * the gateway forwards stays current. Emits how many sessions were updated.
     */
    public Mono<Long> updateUser(String userId, String displayName, String role) {
        return this.updateUserScript.mono(this.state, ScriptOutputType.INTEGER, List.of(indexKey(userId)),
                this.keys.prefix(), "displayName", displayName, "role", role);
    }

    /** The key of a session record: {@code tk:session:{tokenHash}}. */
    public String sessionKey(String tokenHash) {
        return this.keys.key("session").tag(tokenHash).build();
    }

    /** The key of a user's session index: {@code tk:user:{userId}:sessions}. */
    public String indexKey(String userId) {
        return this.keys.key("user").tag(userId).part("sessions").build();
    }

    /**
     * The key mapping a public id to its token hash: {@code tk:session-id:{publicId}}.
     */
    public String sessionIdKey(String publicId) {
        return this.keys.key("session-id").tag(publicId).build();
    }

    private static void warnIfUnreplicated(DurableWrite<?> write, String what) {
        if (write.unreplicated()) {
            logger.warn(what + ": no replica acknowledged within the durable timeout; a failover now could undo it");
        }
    }

    private static Map<String, String> toMap(List<?> fields, int from, int to) {
        Map<String, String> map = new HashMap<>();
        for (int i = from; i + 1 < to; i += 2) {
            map.put((String) fields.get(i), (String) fields.get(i + 1));
        }
        return map;
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }

    private static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

}
