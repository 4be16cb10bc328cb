/**
 * The kit's implementation: connection handling, failover, circuit breaking, metrics
 * plumbing. Internal: applications depend on {@code io.redkeep.redis.*} only; anything
 * here may change without notice.
 */
package io.redkeep.redis.internal;
