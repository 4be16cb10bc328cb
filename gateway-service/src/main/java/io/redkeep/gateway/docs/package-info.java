/**
 * The public API's OpenAPI document, aggregated from the services.
 */
package io.redkeep.gateway.docs;
