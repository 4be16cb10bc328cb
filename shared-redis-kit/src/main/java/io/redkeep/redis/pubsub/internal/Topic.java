package io.redkeep.redis.pubsub.internal;

/**
 * A channel or a pattern.
 *
 * @param name the channel name or glob pattern
 * @param pattern whether {@code name} is a pattern
 */
public record Topic(String name, boolean pattern) {
}
