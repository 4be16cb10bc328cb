/**
 * Spring Boot health contributors for the Redis roles.
 */
package io.redkeep.redis.health;
