/**
 * Lua scripts from {@code META-INF/scripts/}, loaded once and run with EVALSHA.
 */
package io.redkeep.redis.script;
