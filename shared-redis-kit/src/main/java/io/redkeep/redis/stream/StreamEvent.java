package io.redkeep.redis.stream;

import io.redkeep.redis.event.EventEnvelope;

/**
 * One stream entry handed to a consumer's handler.
 *
 * @param stream the logical stream name, e.g. {@code content}
 * @param group the consumer group
 * @param entryId the Redis stream entry id
 * @param deliveryCount 1 on first delivery, higher after a failure or a crashed consumer
 * @param event the decoded envelope; consumers must be idempotent by {@code event.id()}
 * (see {@link ProcessedEvents})
 */
public record StreamEvent(String stream, String group, String entryId, long deliveryCount, EventEnvelope event) {
}
