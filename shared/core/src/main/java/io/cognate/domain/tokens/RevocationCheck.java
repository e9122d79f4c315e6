package io.cognate.domain.tokens;

/**
 * Asks whether a token whose signature and claims already held has since been revoked
 * (RevokeToken of its session, GlobalSignOut of its user). It costs a store read, so verifiers
 * call it only when configured to.
 */
@FunctionalInterface
public interface RevocationCheck {
    boolean isRevoked(VerifiedToken token);
}
