package io.redkeep.realtime.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.pubsub.ChannelSignal;
import io.redkeep.redis.pubsub.RedisPubSub;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;

/**
 * Live notifications ({@code tk:notifications:{userId}}) for the connections of this
 * instance: one channel subscription per connected user, shared by that user's
 * connections (up to 10) instead of one per connection, and handed to every connection of
 * the user in the registry.
 */
final class NotificationFeeds {

    private static final Log logger = LogFactory.getLog(NotificationFeeds.class);

    private final RedisPubSub pubSub;

    private final RedisKeys keys;

    private final ConnectionRegistry registry;

    /** Guarded by {@code this}. */
    private final Map<UUID, Feed> feeds = new HashMap<>();

    NotificationFeeds(RedisPubSub pubSub, RedisKeys keys, ConnectionRegistry registry) {
        this.pubSub = pubSub;
        this.keys = keys;
        this.registry = registry;
    }

    /** A connection of {@code userId} opened (call after adding it to the registry). */
    synchronized void opened(UUID userId) {
        Feed feed = this.feeds.get(userId);
        if (feed == null) {
            feed = new Feed();
            this.feeds.put(userId, feed);
            // Subscribing only registers with the kit; signals come later on its
            // workers, which do not take this lock.
            feed.subscription = this.pubSub.subscribe(this.keys.key("notifications").tag(userId.toString()).build())
                .subscribe((signal) -> {
                    if (signal instanceof ChannelSignal.Message message) {
                        this.registry.of(userId)
                            .forEach((connection) -> connection.emit(Frames.notification(message.event().data())));
                    }
                }, (ex) -> logger.debug("Notification feed failed: " + ex.getMessage()));
        }
        feed.connections++;
    }

    /** A connection of {@code userId} closed. */
    synchronized void closed(UUID userId) {
        Feed feed = this.feeds.get(userId);
        if (feed != null && --feed.connections == 0) {
            this.feeds.remove(userId);
            feed.subscription.dispose();
        }
    }

    private static final class Feed {

        private Disposable subscription;

        private int connections;

    }

}
