/**
 * Gateway-to-service identity (spec/internal.md): the internal HS256 token, its issuer,
 * the resource-server setup that validates it, and
 * {@link io.redkeep.defaults.identity.Caller} for controllers.
 */
package io.redkeep.defaults.identity;
