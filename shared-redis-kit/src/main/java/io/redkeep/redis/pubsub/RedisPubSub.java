package io.redkeep.redis.pubsub;

import java.util.UUID;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRole;
import io.redkeep.redis.RedisRoleClient;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.internal.PubSubMetrics;
import io.redkeep.redis.pubsub.internal.SupervisedPubSubConnection;
import io.redkeep.redis.pubsub.internal.Topic;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Typed pub/sub on the {@code tk:*} channels of spec/internal.md: at-most-once, lossy by
 * design, but never silently. All subscriptions of a role share one dedicated connection
 * watched by a liveness probe; a subscriber learns through {@link ChannelSignal.Gap}
 * whenever it may have missed messages (reconnection or its own buffer overflowing) and
 * should catch up from durable storage.
 *
 * <pre>
 * pubSub.subscribe(keys.key("notifications").tag(userId).build())
 *     .subscribe(signal -&gt; switch (signal) { ... });
 * </pre>
 */
public final class RedisPubSub implements AutoCloseable {

    private final RedisRoleClient role;

    private final String channelPrefix;

    private final EventCodec codec;

    private final PubSubMetrics metrics;

    private final SupervisedPubSubConnection connection;

    public RedisPubSub(RedisRoleClient role, RedisKeys keys, EventCodec codec, PubSubProperties properties,
            MeterRegistry meterRegistry) {
        this.role = role;
        this.channelPrefix = keys.prefix() + ":";
        this.codec = codec;
        this.metrics = PubSubMetrics.register(meterRegistry, role.role());
        // A client of our own on the shared resources: the pub/sub connection must not
        // auto-reconnect (the supervisor does, re-resolving and resubscribing), and the
        // role's client options must not change for its command connections.
        RedisClient client = RedisClient.create(role.client().getResources());
        client.setOptions(role.client()
            .getOptions()
            .mutate()
            .autoReconnect(false)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
        String probePrefix = keys.key("pubsub-probe").build() + ":";
        String probeChannel = keys.key("pubsub-probe").part(UUID.randomUUID().toString()).build();
        this.connection = new SupervisedPubSubConnection(client, role.uri(), properties, this.metrics, probeChannel,
                probePrefix, (channel) -> role.mono((commands) -> commands.publish(channel, "probe")), codec::decode);
    }

    public RedisRole role() {
        return this.role.role();
    }

    /**
     * Publishes {@code event} on {@code channel} (built with {@code RedisKeys}, e.g.
     * {@code tk:notifications:{userId}}). Lazy; completes with the number of receiving
     * connections across all instances.
     */
    public Mono<Long> publish(String channel, EventEnvelope event) {
        requireOwnChannel(channel);
        return Mono.defer(() -> {
            String payload = this.codec.encode(event);
            return this.role.mono((commands) -> commands.publish(channel, payload));
        }).doOnSuccess((receivers) -> this.metrics.published().increment());
    }

    /**
     * Subscribes to one channel. Lazy: SUBSCRIBE is sent when the first subscriber
     * arrives and UNSUBSCRIBE after the last one cancels. The flux first emits
     * {@link ChannelSignal.Subscribed}, then messages and gaps; it ends only on
     * cancellation or shutdown.
     */
    public Flux<ChannelSignal> subscribe(String channel) {
        requireOwnChannel(channel);
        return this.connection.subscribe(new Topic(channel, false));
    }

    /** As {@link #subscribe(String)} for a glob pattern such as {@code tk:presence*}. */
    public Flux<ChannelSignal> subscribePattern(String pattern) {
        requireOwnChannel(pattern);
        return this.connection.subscribe(new Topic(pattern, true));
    }

    /** Whether the pub/sub connection is up with every subscription confirmed. */
    public boolean connected() {
        return this.connection.connected();
    }

    @Override
    public void close() {
        this.connection.close();
    }

    private void requireOwnChannel(String channel) {
        if (channel == null || !channel.startsWith(this.channelPrefix)
                || channel.length() == this.channelPrefix.length()) {
            throw new IllegalArgumentException("channel must start with " + this.channelPrefix + ": " + channel);
        }
    }

}
