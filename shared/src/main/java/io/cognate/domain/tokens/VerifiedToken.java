package io.cognate.domain.tokens;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;

/** A token whose signature and rules held, with its claims. */
public record VerifiedToken(TokenUse use, JWTClaimsSet claims) {
    public String subject() {
        return claims.getSubject();
    }

    public String clientId() {
        Object clientId = claims.getClaim("client_id");
        if (clientId instanceof String s) {
            return s;
        }
        return claims.getAudience().isEmpty() ? null : claims.getAudience().getFirst();
    }

    public Instant issuedAt() {
        return claims.getIssueTime().toInstant();
    }

    public Instant expiresAt() {
        return claims.getExpirationTime().toInstant();
    }
}
