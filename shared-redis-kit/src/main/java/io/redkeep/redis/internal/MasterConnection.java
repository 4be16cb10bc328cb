package io.redkeep.redis.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A role's one shared, multiplexed connection to its master. Connects lazily (a service
 * starts while Redis is down), checks in Sentinel mode that the address the sentinels
 * gave really is a master (a lagging sentinel can still name the demoted one), and swaps
 * to a freshly resolved master when told the current one was demoted.
 */
final class MasterConnection implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(MasterConnection.class);

    private static final int ROLE_CHECK_ATTEMPTS = 8;

    private final RedisClient client;

    private final RedisURI uri;

    private final boolean verifyRole;

    private final Duration closeGrace;

    private final AtomicReference<StatefulRedisConnection<String, String>> current = new AtomicReference<>();

    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connecting = new AtomicReference<>();

    private volatile boolean closed;

    MasterConnection(RedisClient client, RedisURI uri, boolean verifyRole, Duration closeGrace) {
        this.client = client;
        this.uri = uri;
        this.verifyRole = verifyRole;
        this.closeGrace = closeGrace;
    }

    /** The established connection, or {@code null}: the allocation-free hot path. */
    StatefulRedisConnection<String, String> ready() {
        return this.current.get();
    }

    /** The established connection, connecting first (once, shared) when there is none. */
    Mono<StatefulRedisConnection<String, String>> connection() {
        StatefulRedisConnection<String, String> established = this.current.get();
        return (established != null) ? Mono.just(established) : Mono.fromFuture(connect(), true);
    }

    /**
     * The master behind {@code connection} refused a write (READONLY): drop it so the
     * next call resolves the master again. In-flight commands on it get a grace period.
     */
    void demoted(StatefulRedisConnection<String, String> connection) {
        if (this.current.compareAndSet(connection, null)) {
            logger.info("Redis master at " + this.uri + " was demoted; resolving the master again");
            closeLater(connection);
        }
    }

    /** The sentinels announced a new master: move over before writes hit READONLY. */
    void masterSwitched() {
        StatefulRedisConnection<String, String> established = this.current.get();
        if (established != null) {
            demoted(established);
            connect();
        }
    }

    private CompletableFuture<StatefulRedisConnection<String, String>> connect() {
        CompletableFuture<StatefulRedisConnection<String, String>> pending = new CompletableFuture<>();
        if (!this.connecting.compareAndSet(null, pending)) {
            CompletableFuture<StatefulRedisConnection<String, String>> other = this.connecting.get();
            if (other != null) {
                return other;
            }
            StatefulRedisConnection<String, String> established = this.current.get();
            return (established != null) ? CompletableFuture.completedFuture(established) : connect();
        }
        openVerified().subscribe((connection) -> {
            if (this.closed) {
                connection.closeAsync();
            }
            else {
                this.current.set(connection);
            }
            this.connecting.set(null);
            pending.complete(connection);
        }, (ex) -> {
            this.connecting.set(null);
            pending.completeExceptionally(ex);
        });
        return pending;
    }

    private Mono<StatefulRedisConnection<String, String>> openVerified() {
        Mono<StatefulRedisConnection<String, String>> open = Mono
            .fromCompletionStage(() -> this.client.connectAsync(StringCodec.UTF8, this.uri));
        if (!this.verifyRole) {
            return open;
        }
        return open.flatMap(this::requireMaster)
            .retryWhen(Retry.backoff(ROLE_CHECK_ATTEMPTS, Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(400))
                .filter(ReplicaResolvedException.class::isInstance)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private Mono<StatefulRedisConnection<String, String>> requireMaster(
            StatefulRedisConnection<String, String> connection) {
        return connection.reactive().role().next().flatMap((role) -> {
            if ("master".equals(String.valueOf(role))) {
                return Mono.just(connection);
            }
            return Mono.fromCompletionStage(connection.closeAsync()).then(Mono.error(new ReplicaResolvedException()));
        });
    }

    private void closeLater(StatefulRedisConnection<String, String> connection) {
        Mono.delay(this.closeGrace).subscribe((tick) -> connection.closeAsync());
    }

    @Override
    public void close() {
        this.closed = true;
        StatefulRedisConnection<String, String> established = this.current.getAndSet(null);
        if (established != null) {
            established.closeAsync();
        }
    }

    /** The sentinels named a server that answers ROLE as a replica. */
    static final class ReplicaResolvedException extends RedisConnectionException {

        ReplicaResolvedException() {
            super("Sentinel reported a replica as master (failover in progress)");
        }

    }

}
