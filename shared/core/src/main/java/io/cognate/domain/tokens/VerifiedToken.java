package io.cognate.domain.tokens;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A token whose signature, issuer, kind, client and time claims held. The fields a verifier
 * checks on every use (kind, client, scopes, lifetime) are read out once here, so a token
 * served from the verified-token cache costs set look-ups; Nimbus's claims model is built only
 * when someone asks for it.
 */
public final class VerifiedToken {
    private final TokenUse use;
    private final Map<String, Object> claimValues;
    private final String subject;
    private final String clientId;
    private final Set<String> scopes;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final Optional<Instant> notBefore;
    private volatile JWTClaimsSet claims;

    VerifiedToken(TokenUse use, Map<String, Object> claimValues, String subject, String clientId, Set<String> scopes,
                  Instant issuedAt, Instant expiresAt, Optional<Instant> notBefore) {
        this.use = use;
        // The verifier hands over a map nothing else holds; wrapping it spares a copy per token.
        this.claimValues = Collections.unmodifiableMap(claimValues);
        this.subject = subject;
        this.clientId = clientId;
        this.scopes = Collections.unmodifiableSet(scopes);
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.notBefore = notBefore;
    }

    public TokenUse use() {
        return use;
    }

    public String subject() {
        return subject;
    }

    public String clientId() {
        return clientId;
    }

    public Set<String> scopes() {
        return scopes;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Optional<Instant> notBefore() {
        return notBefore;
    }

    /** One claim as the JSON held it (String, Long, Double, Boolean, List, Map), or null. */
    public Object claim(String name) {
        return claimValues.get(name);
    }

    /** The session the token belongs to; client-credentials tokens have none. */
    public Optional<String> originJti() {
        return claimValues.get("origin_jti") instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public boolean hasScopes(Set<String> required) {
        return scopes.containsAll(required);
    }

    /** All claims in Nimbus's model. */
    public JWTClaimsSet claims() {
        JWTClaimsSet parsed = claims;
        if (parsed == null) {
            try {
                parsed = JWTClaimsSet.parse(claimValues);
            } catch (ParseException e) {
                // The verifier checked every registered claim's type already.
                throw new IllegalStateException("verified claims no longer parse", e);
            }
            claims = parsed;
        }
        return parsed;
    }

    @Override
    public String toString() {
        return "VerifiedToken[use=" + use + ", clientId=" + clientId + ", expiresAt=" + expiresAt + "]";
    }
}
