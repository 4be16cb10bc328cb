package io.redkeep.session;

/**
 * A session that a revocation removed.
 *
 * @param publicId its public id
 * @param tokenHash the SHA-256 of its token, what a gateway's local cache is keyed by
 */
public record RevokedSession(String publicId, String tokenHash) {

}
