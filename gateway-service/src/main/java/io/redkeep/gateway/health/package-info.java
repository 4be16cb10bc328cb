/**
 * Health probes on the gateway's public port.
 */
package io.redkeep.gateway.health;
