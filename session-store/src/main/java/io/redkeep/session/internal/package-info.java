/**
 * Internal to session-store: nothing outside this module may depend on these classes.
 */
package io.redkeep.session.internal;
