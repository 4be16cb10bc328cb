/**
 * Connection supervision and per-subscriber buffering behind
 * {@link io.redkeep.redis.pubsub.RedisPubSub}. Internal: callers must not depend on
 * anything here, it changes without notice.
 */
package io.redkeep.redis.pubsub.internal;
