/**
 * problem+json (RFC 9457) for every failure, as spec/http-api.md fixes it: stable codes,
 * {@code traceId} on every problem, validation field lists, request body limits.
 */
package io.redkeep.defaults.problem;
