/**
 * The consuming loop, dead-lettering and metrics behind
 * {@link io.redkeep.redis.stream.EventStreams}. Internal: callers must not depend on
 * anything here, it changes without notice.
 */
package io.redkeep.redis.stream.internal;
