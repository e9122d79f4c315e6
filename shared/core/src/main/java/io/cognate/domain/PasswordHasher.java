package io.cognate.domain;

/** Hashes passwords into self-describing strings and checks passwords against them. */
public interface PasswordHasher {
    String hash(String password);

    boolean matches(String password, String storedHash);

    /**
     * Whether {@code storedHash} is not in this hasher's current format and parameters (an
     * imported user's hash from another system, say): the first sign-in that proves the password
     * replaces it.
     */
    default boolean needsRehash(String storedHash) {
        return false;
    }

    /** Spends the same effort as a real check, for callers that must not reveal a missing user. */
    void burnEquivalentWork(String password);
}
