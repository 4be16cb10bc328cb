package io.redkeep.redis.internal;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Listens to {@code +switch-master} on every sentinel so the role moves to the new master
 * as soon as Sentinel promotes it, instead of writing to a demoted master until it
 * answers READONLY. Lettuce resubscribes on reconnect; duplicate announcements from
 * several sentinels are ignored.
 */
final class SentinelSwitchWatch implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(SentinelSwitchWatch.class);

    private static final String CHANNEL = "+switch-master";

    private final String master;

    private final Runnable onSwitch;

    private final List<StatefulRedisPubSubConnection<String, String>> connections = new ArrayList<>();

    private volatile String lastTarget = "";

    SentinelSwitchWatch(RedisClient client, List<RedisURI> sentinels, String master, Runnable onSwitch) {
        this.master = master;
        this.onSwitch = onSwitch;
        for (RedisURI sentinel : sentinels) {
            client.connectPubSubAsync(StringCodec.UTF8, sentinel).whenComplete((connection, ex) -> {
                if (ex != null) {
                    logger.warn("Cannot watch sentinel " + sentinel + " for master switches: " + ex.getMessage());
                    return;
                }
                connection.addListener(new Listener());
                connection.async().subscribe(CHANNEL);
                synchronized (this.connections) {
                    this.connections.add(connection);
                }
            });
        }
    }

    private void switched(String message) {
        // "<master> <old-ip> <old-port> <new-ip> <new-port>"
        String[] parts = message.split(" ");
        if (parts.length != 5 || !parts[0].equals(this.master)) {
            return;
        }
        String target = parts[3] + ":" + parts[4];
        synchronized (this) {
            if (target.equals(this.lastTarget)) {
                return;
            }
            this.lastTarget = target;
        }
        logger.info("Sentinel promoted " + target + " to master of " + this.master);
        this.onSwitch.run();
    }

    @Override
    public void close() {
        synchronized (this.connections) {
            this.connections.forEach(StatefulRedisPubSubConnection::closeAsync);
            this.connections.clear();
        }
    }

    private final class Listener extends RedisPubSubAdapter<String, String> {

        @Override
        public void message(String channel, String message) {
            if (CHANNEL.equals(channel)) {
                switched(message);
            }
        }

    }

}
