/**
 * Get-or-load caching on the cache role: single-flight, XFetch, generations, BYPASS.
 */
package io.redkeep.redis.cache;
