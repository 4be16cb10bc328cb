package io.redkeep.redis.pubsub.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which subscribers listen to which channel or pattern, and whether the server confirmed
 * it on the current connection. Lookups for dispatch are lock-free; changes are
 * serialized.
 */
final class TopicRegistry {

    private final Map<Topic, Entry> topics = new ConcurrentHashMap<>();

    /**
     * Adds a subscriber.
     * @return the topic's entry, and whether this subscriber is its first
     */
    synchronized Joined join(Topic topic, SubscriberMailbox mailbox) {
        Entry entry = this.topics.computeIfAbsent(topic, Entry::new);
        boolean first = entry.mailboxes.isEmpty();
        entry.mailboxes.add(mailbox);
        return new Joined(entry, first, entry.confirmed);
    }

    /** Removes a subscriber; {@code true} when it was the topic's last one. */
    synchronized boolean leave(Topic topic, SubscriberMailbox mailbox) {
        Entry entry = this.topics.get(topic);
        if (entry == null || !entry.mailboxes.remove(mailbox) || !entry.mailboxes.isEmpty()) {
            return false;
        }
        this.topics.remove(topic);
        return true;
    }

    /**
     * Marks entries confirmed by the server, skipping any removed meanwhile.
     * @return their subscribers, to be told
     */
    synchronized List<SubscriberMailbox> confirm(List<Entry> entries) {
        List<SubscriberMailbox> confirmed = new ArrayList<>();
        for (Entry entry : entries) {
            if (this.topics.get(entry.topic) == entry) {
                entry.confirmed = true;
                confirmed.addAll(entry.mailboxes);
            }
        }
        return confirmed;
    }

    /** The connection is gone: nothing is confirmed until resubscribed. */
    synchronized void unconfirmAll() {
        this.topics.values().forEach((entry) -> entry.confirmed = false);
    }

    synchronized List<Entry> snapshot() {
        return new ArrayList<>(this.topics.values());
    }

    /** Forgets everything, returning every subscriber (for shutdown). */
    synchronized List<SubscriberMailbox> clear() {
        List<SubscriberMailbox> all = new ArrayList<>();
        this.topics.values().forEach((entry) -> all.addAll(entry.mailboxes));
        this.topics.clear();
        return all;
    }

    /** Subscribers of {@code topic} right now, for dispatching a message. */
    List<SubscriberMailbox> subscribers(Topic topic) {
        Entry entry = this.topics.get(topic);
        return (entry != null) ? entry.mailboxes : List.of();
    }

    /**
     * The outcome of {@link #join}.
     *
     * @param entry the topic's entry
     * @param first whether the subscriber is the topic's first (SUBSCRIBE is due)
     * @param confirmed whether the server already confirmed the topic
     */
    record Joined(Entry entry, boolean first, boolean confirmed) {
    }

    /** One topic's subscribers. */
    static final class Entry {

        private final Topic topic;

        private final List<SubscriberMailbox> mailboxes = new CopyOnWriteArrayList<>();

        // Guarded by the registry.
        private boolean confirmed;

        private Entry(Topic topic) {
            this.topic = topic;
        }

        Topic topic() {
            return this.topic;
        }

    }

}
