package io.cognate.domain.tokens;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A token whose signature, issuer, kind and time claims held, with its claims. The fields a
 * verifier checks on every use (kind, client, scopes, lifetime) are read out once here, so a
 * token served from the verified-token cache costs set look-ups, not claim parsing.
 */
public record VerifiedToken(
        TokenUse use,
        JWTClaimsSet claims,
        String clientId,
        Set<String> scopes,
        Instant issuedAt,
        Instant expiresAt,
        Optional<Instant> notBefore) {

    public VerifiedToken {
        scopes = Set.copyOf(scopes);
    }

    public String subject() {
        return claims.getSubject();
    }

    /** The session the token belongs to; client-credentials tokens have none. */
    public Optional<String> originJti() {
        return claims.getClaim("origin_jti") instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public boolean hasScopes(Set<String> required) {
        return scopes.containsAll(required);
    }
}
