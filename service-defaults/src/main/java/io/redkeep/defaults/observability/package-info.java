/**
 * Observability defaults: request ids, the structured access log, tracing and metrics
 * defaults, and BlockHound allowances for the libraries service-defaults brings.
 */
package io.redkeep.defaults.observability;
