package io.redkeep.redis.pubsub.internal;

import java.util.List;
import java.util.function.Function;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.event.InvalidEventException;
import io.redkeep.redis.pubsub.ChannelSignal.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs on the connection's event loop: records probes, decodes each message once and
 * hands it to every subscriber's mailbox without waiting for any of them.
 */
final class MessageDispatcher extends RedisPubSubAdapter<String, String> {

    private static final Log logger = LogFactory.getLog(MessageDispatcher.class);

    private final TopicRegistry registry;

    private final String probeChannel;

    private final String probePrefix;

    private final Runnable probeReceived;

    private final PubSubMetrics metrics;

    private final Function<String, EventEnvelope> decoder;

    MessageDispatcher(TopicRegistry registry, String probeChannel, String probePrefix, Runnable probeReceived,
            PubSubMetrics metrics, Function<String, EventEnvelope> decoder) {
        this.registry = registry;
        this.probeChannel = probeChannel;
        this.probePrefix = probePrefix;
        this.probeReceived = probeReceived;
        this.metrics = metrics;
        this.decoder = decoder;
    }

    @Override
    public void message(String channel, String payload) {
        if (channel.equals(this.probeChannel)) {
            this.probeReceived.run();
            return;
        }
        dispatch(new Topic(channel, false), channel, null, payload);
    }

    @Override
    public void message(String pattern, String channel, String payload) {
        // Other instances' probes match tk:* patterns too; they are not events.
        if (!channel.startsWith(this.probePrefix)) {
            dispatch(new Topic(pattern, true), channel, pattern, payload);
        }
    }

    private void dispatch(Topic topic, String channel, String pattern, String payload) {
        this.metrics.received().increment();
        List<SubscriberMailbox> mailboxes = this.registry.subscribers(topic);
        if (mailboxes.isEmpty()) {
            return;
        }
        EventEnvelope event;
        try {
            event = this.decoder.apply(payload);
        }
        catch (InvalidEventException ex) {
            this.metrics.rejected().increment();
            logger.debug("Ignoring a message on " + channel + " that is not an event envelope: " + ex.getMessage());
            return;
        }
        Message message = new Message(channel, pattern, event);
        for (SubscriberMailbox mailbox : mailboxes) {
            mailbox.offer(message);
        }
    }

}
