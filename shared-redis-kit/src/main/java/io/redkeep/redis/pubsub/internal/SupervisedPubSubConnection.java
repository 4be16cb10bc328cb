package io.redkeep.redis.pubsub.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.ChannelSignal;
import io.redkeep.redis.pubsub.PubSubProperties;
import io.redkeep.redis.pubsub.internal.TopicRegistry.Entry;
import io.redkeep.redis.pubsub.internal.TopicRegistry.Joined;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The single pub/sub connection of one role, kept honest. Lettuce's own reconnect is off
 * for this connection: every loss, whether the socket closed or the liveness probe went
 * silent, takes one path here: close, reconnect (a Sentinel URI re-resolves the master),
 * resubscribe every channel and pattern, then tell each live subscriber about the gap.
 * Channels are reference-counted: SUBSCRIBE on the first subscriber, UNSUBSCRIBE after
 * the last.
 */
public final class SupervisedPubSubConnection implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(SupervisedPubSubConnection.class);

    private static final Duration MIN_BACKOFF = Duration.ofMillis(50);

    private final RedisClient client;

    private final RedisURI uri;

    private final PubSubProperties properties;

    private final PubSubMetrics metrics;

    private final String probeChannel;

    private final Function<String, Mono<Long>> probePublisher;

    private final MessageDispatcher dispatcher;

    private final TopicRegistry registry = new TopicRegistry();

    private final Scheduler scheduler = Schedulers.parallel();

    // Connection state, guarded by this; the registry is only changed under this lock
    // when its change must be atomic with the connection's.
    private StatefulRedisPubSubConnection<String, String> connection;

    private boolean connecting;

    private boolean everConnected;

    private boolean closed;

    private int failedAttempts;

    private Disposable probeTicker;

    private volatile long lastProbeNanos;

    /**
     * @param client a client reserved for this connection; its options must have
     * auto-reconnect off, and it is shut down by {@link #close()}
     * @param probeChannel this connection's own probe channel
     * @param probePrefix what every instance's probe channel starts with, never delivered
     * to pattern subscribers
     * @param probePublisher publishes a probe through the role's command connection, so a
     * probe only returns when commands and subscriptions reach the same server
     */
    public SupervisedPubSubConnection(RedisClient client, RedisURI uri, PubSubProperties properties,
            PubSubMetrics metrics, String probeChannel, String probePrefix, Function<String, Mono<Long>> probePublisher,
            Function<String, EventEnvelope> decoder) {
        this.client = client;
        this.uri = uri;
        this.properties = properties;
        this.metrics = metrics;
        this.probeChannel = probeChannel;
        this.probePublisher = probePublisher;
        this.dispatcher = new MessageDispatcher(this.registry, probeChannel, probePrefix,
                () -> this.lastProbeNanos = System.nanoTime(), metrics, decoder);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                lost(handler, "connection closed");
            }
        });
    }

    /** A lazy flux of signals for one channel or pattern. */
    public Flux<ChannelSignal> subscribe(Topic topic) {
        return Flux.create((sink) -> register(topic, sink), FluxSink.OverflowStrategy.BUFFER);
    }

    /** Whether the connection is up with every subscription confirmed. */
    public synchronized boolean connected() {
        return this.connection != null && !this.connecting;
    }

    private void register(Topic topic, FluxSink<ChannelSignal> sink) {
        // The mailbox emits only what the subscriber requested, so the create sink's
        // own buffer stays empty: the mailbox's bound is the only one.
        SubscriberMailbox mailbox = new SubscriberMailbox(topic.name(), sink, this.properties.bufferSize(),
                this.metrics.dropped(), this.scheduler.createWorker());
        Joined joined;
        StatefulRedisPubSubConnection<String, String> sendOn = null;
        synchronized (this) {
            if (this.closed) {
                sink.error(new IllegalStateException("pub/sub is closed"));
                return;
            }
            joined = this.registry.join(topic, mailbox);
            if (!joined.confirmed() && joined.first() && this.connection != null) {
                sendOn = this.connection;
            }
        }
        sink.onDispose(() -> release(topic, mailbox));
        if (joined.confirmed()) {
            mailbox.announce();
        }
        if (sendOn != null) {
            StatefulRedisPubSubConnection<String, String> on = sendOn;
            (topic.pattern() ? on.async().psubscribe(topic.name()) : on.async().subscribe(topic.name()))
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        confirm(on, List.of(joined.entry()), false);
                    }
                });
        }
        ensureConnected();
    }

    private void release(Topic topic, SubscriberMailbox mailbox) {
        mailbox.dispose();
        StatefulRedisPubSubConnection<String, String> unsubscribeOn;
        synchronized (this) {
            if (!this.registry.leave(topic, mailbox)) {
                return;
            }
            unsubscribeOn = this.connection;
        }
        if (unsubscribeOn != null) {
            // A connection lost meanwhile is fine: its replacement never hears of topic.
            (topic.pattern() ? unsubscribeOn.async().punsubscribe(topic.name())
                    : unsubscribeOn.async().unsubscribe(topic.name()))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        logger.debug("Unsubscribe from " + topic.name() + " failed", error);
                    }
                });
        }
    }

    private void confirm(StatefulRedisPubSubConnection<String, String> on, List<Entry> entries, boolean restored) {
        List<SubscriberMailbox> notify;
        synchronized (this) {
            if (this.connection != on) {
                return;
            }
            notify = this.registry.confirm(entries);
        }
        for (SubscriberMailbox mailbox : notify) {
            if (restored) {
                mailbox.restored();
            }
            else {
                mailbox.announce();
            }
        }
    }

    private void ensureConnected() {
        synchronized (this) {
            if (this.closed || this.connection != null || this.connecting) {
                return;
            }
            this.connecting = true;
            if (this.probeTicker == null) {
                this.probeTicker = Flux.interval(this.properties.probeInterval(), this.scheduler)
                    .subscribe((tick) -> probe());
            }
        }
        connect();
    }

    private void connect() {
        synchronized (this) {
            if (this.closed) {
                return;
            }
        }
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> attempt = this.client
            .connectPubSubAsync(StringCodec.UTF8, this.uri)
            .toCompletableFuture();
        attempt.orTimeout(this.properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((connection, error) -> {
                if (error != null) {
                    // A connection completing after the timeout must not leak.
                    attempt.thenAccept(StatefulRedisPubSubConnection::closeAsync);
                    retryLater(error);
                }
                else {
                    connected(connection);
                }
            });
    }

    private void connected(StatefulRedisPubSubConnection<String, String> connection) {
        connection.addListener(this.dispatcher);
        List<Entry> snapshot;
        synchronized (this) {
            if (this.closed) {
                connection.closeAsync();
                return;
            }
            this.connection = connection;
            this.lastProbeNanos = System.nanoTime();
            snapshot = this.registry.snapshot();
        }
        List<String> channels = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        channels.add(this.probeChannel);
        for (Entry entry : snapshot) {
            (entry.topic().pattern() ? patterns : channels).add(entry.topic().name());
        }
        CompletableFuture<Void> subscribed = connection.async()
            .subscribe(channels.toArray(String[]::new))
            .toCompletableFuture();
        CompletableFuture<Void> psubscribed = patterns.isEmpty() ? CompletableFuture.completedFuture(null)
                : connection.async().psubscribe(patterns.toArray(String[]::new)).toCompletableFuture();
        CompletableFuture.allOf(subscribed, psubscribed)
            .orTimeout(this.properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((ok, error) -> {
                if (error != null) {
                    lost(connection, "resubscribe failed: " + error);
                }
                else {
                    resubscribed(connection, snapshot);
                }
            });
    }

    private void resubscribed(StatefulRedisPubSubConnection<String, String> connection, List<Entry> snapshot) {
        boolean restored;
        synchronized (this) {
            if (this.connection != connection) {
                return;
            }
            this.connecting = false;
            this.failedAttempts = 0;
            restored = this.everConnected;
            this.everConnected = true;
        }
        if (restored) {
            this.metrics.reconnects().increment();
            logger.info("Pub/sub connection to " + this.uri + " re-established, " + snapshot.size()
                    + " subscriptions restored");
        }
        confirm(connection, snapshot, true);
    }

    private void retryLater(Throwable error) {
        long delay;
        synchronized (this) {
            if (this.closed) {
                return;
            }
            this.failedAttempts++;
            long exponential = MIN_BACKOFF.toMillis() << Math.min(this.failedAttempts, 10);
            long bounded = Math.min(this.properties.reconnectBackoff().toMillis(), exponential);
            // Jitter over the upper half so a fleet does not reconnect in lockstep.
            delay = bounded / 2 + ThreadLocalRandom.current().nextLong(bounded / 2 + 1);
        }
        logger.warn("Pub/sub connection to " + this.uri + " failed, retrying in " + delay + " ms: " + error);
        this.scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void lost(Object handler, String reason) {
        StatefulRedisPubSubConnection<String, String> lost;
        synchronized (this) {
            if (this.closed || this.connection == null || this.connection != handler) {
                return;
            }
            lost = this.connection;
            this.connection = null;
            this.connecting = true;
            this.registry.unconfirmAll();
        }
        logger.warn("Pub/sub connection to " + this.uri + " lost (" + reason + "), reconnecting");
        lost.closeAsync();
        this.scheduler.schedule(this::connect);
    }

    private void probe() {
        StatefulRedisPubSubConnection<String, String> current;
        synchronized (this) {
            current = this.connection;
        }
        if (current == null) {
            return;
        }
        long silentNanos = System.nanoTime() - this.lastProbeNanos;
        if (silentNanos > this.properties.probeTimeout().toNanos()) {
            this.metrics.probeFailures().increment();
            lost(current, "no liveness probe for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms");
            return;
        }
        this.probePublisher.apply(this.probeChannel)
            .subscribe(null, (error) -> logger.debug("Publishing the pub/sub probe failed", error));
    }

    @Override
    public void close() {
        StatefulRedisPubSubConnection<String, String> current;
        List<SubscriberMailbox> mailboxes;
        synchronized (this) {
            if (this.closed) {
                return;
            }
            this.closed = true;
            current = this.connection;
            this.connection = null;
            if (this.probeTicker != null) {
                this.probeTicker.dispose();
            }
            mailboxes = this.registry.clear();
        }
        mailboxes.forEach(SubscriberMailbox::complete);
        if (current != null) {
            current.closeAsync();
        }
        this.client.shutdownAsync();
    }

}
