/**
 * HTTP helpers shared by the analytics endpoints: strict query values, timestamps, and
 * the {@code 503} mapping of unreachable stores.
 */
package io.redkeep.analytics.web;
