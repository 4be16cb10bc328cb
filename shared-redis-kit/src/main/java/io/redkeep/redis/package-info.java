/**
 * The Redis kit's public API: the two roles, guarded execution, durable writes, keys and
 * configuration. Implementation lives in {@code io.redkeep.redis.internal}.
 */
package io.redkeep.redis;
