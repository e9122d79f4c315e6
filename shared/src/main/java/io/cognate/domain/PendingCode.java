package io.cognate.domain;

import java.time.Instant;

/** A one-time code sent to the user, kept only as a hash, with its expiry. */
public record PendingCode(String codeHash, Instant expiresAt) {
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
