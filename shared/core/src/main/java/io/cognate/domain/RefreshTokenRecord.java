package io.cognate.domain;

import java.time.Instant;
import java.util.List;

/** A refresh token as stored: only its hash, who it belongs to, and when it stops working. */
public record RefreshTokenRecord(
        String tokenHash,
        String sub,
        String clientId,
        String originJti,
        Instant authTime,
        Instant issuedAt,
        Instant expiresAt,
        String issuedInRegion,
        List<String> oauthScopes) {

    /**
     * A refresh token of a session started through the Cognito API: its tokens carry the API's
     * own scope. {@code oauthScopes} (non-empty) are the scopes a user granted through the OAuth
     * authorization endpoint, which every refresh of that session keeps, never more.
     */
    public RefreshTokenRecord(String tokenHash, String sub, String clientId, String originJti, Instant authTime,
                              Instant issuedAt, Instant expiresAt, String issuedInRegion) {
        this(tokenHash, sub, clientId, originJti, authTime, issuedAt, expiresAt, issuedInRegion, List.of());
    }

    public RefreshTokenRecord {
        oauthScopes = List.copyOf(oauthScopes);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
