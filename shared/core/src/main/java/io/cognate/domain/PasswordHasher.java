package io.cognate.domain;

/** Hashes passwords into self-describing strings and checks passwords against them. */
public interface PasswordHasher {
    String hash(String password);

    boolean matches(String password, String storedHash);

    /** Spends the same effort as a real check, for callers that must not reveal a missing user. */
    void burnEquivalentWork(String password);
}
