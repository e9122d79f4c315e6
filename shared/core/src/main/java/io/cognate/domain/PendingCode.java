package io.cognate.domain;

import java.time.Instant;

/**
 * A one-time code sent to the user, kept only as a hash, with its expiry and the number of wrong
 * guesses made against it (a six-digit code must not be open to unlimited guessing).
 */
public record PendingCode(String codeHash, Instant expiresAt, int failedAttempts) {
    public PendingCode(String codeHash, Instant expiresAt) {
        this(codeHash, expiresAt, 0);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public PendingCode withFailedAttempt() {
        return new PendingCode(codeHash, expiresAt, failedAttempts + 1);
    }
}
