package io.cognate.domain;

import java.time.Instant;

/** A refresh token as stored: only its hash, who it belongs to, and when it stops working. */
public record RefreshTokenRecord(
        String tokenHash,
        String sub,
        String clientId,
        String originJti,
        Instant authTime,
        Instant issuedAt,
        Instant expiresAt,
        String issuedInRegion) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
