package io.cognate.domain.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies Cognate tokens locally with the known public keys (RFC 8725): RS256 only, the kid
 * must name a known key (keys are never fetched from the token's headers), exact issuer, the
 * right {@code token_use} and {@code typ}, and time claims within a bounded clock skew.
 */
public final class TokenVerifier {
    /** Larger tokens are refused before parsing: Cognate's own tokens are about 1–2 KB. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final String issuer;
    private final Map<String, RSASSAVerifier> verifiersByKid;
    private final Set<String> allowedClientIds;
    private final Duration clockSkew;
    private final Clock clock;

    /** @param allowedClientIds the client ids to accept, or empty for any client of the pool */
    public TokenVerifier(String issuer, Iterable<SigningKey> keys, Set<String> allowedClientIds,
                         Duration clockSkew, Clock clock) {
        this.issuer = issuer;
        var byKid = new java.util.HashMap<String, RSASSAVerifier>();
        for (SigningKey key : keys) {
            byKid.put(key.keyId(), new RSASSAVerifier(key.publicKey()));
        }
        this.verifiersByKid = Map.copyOf(byKid);
        this.allowedClientIds = Set.copyOf(allowedClientIds);
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    public static TokenVerifier forKey(String issuer, SigningKey key, Clock clock) {
        return new TokenVerifier(issuer, Set.of(key), Set.of(), Duration.ofMinutes(1), clock);
    }

    public Set<String> keyIds() {
        return verifiersByKid.keySet().stream().collect(Collectors.toUnmodifiableSet());
    }

    public VerifiedToken verify(String token, TokenUse expectedUse) throws TokenRejected {
        if (token == null || token.isEmpty()) {
            throw new TokenRejected("no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejected("token too large");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejected("malformed token");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new TokenRejected("algorithm not allowed");
        }
        if (header.getJWKURL() != null || header.getX509CertURL() != null || header.getJWK() != null
                || header.getCriticalParams() != null) {
            throw new TokenRejected("header parameters not allowed");
        }
        RSASSAVerifier verifier = header.getKeyID() == null ? null : verifiersByKid.get(header.getKeyID());
        if (verifier == null) {
            throw new TokenRejected("unknown key id");
        }
        JOSEObjectType type = header.getType();
        if (type != null && !type.getType().equalsIgnoreCase(expectedUse.joseType())) {
            throw new TokenRejected("wrong token type");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new TokenRejected("bad signature");
            }
        } catch (JOSEException | RuntimeException e) {
            throw new TokenRejected("bad signature");
        }
        checkClaims(claims, expectedUse);
        return new VerifiedToken(expectedUse, claims);
    }

    private void checkClaims(JWTClaimsSet claims, TokenUse expectedUse) throws TokenRejected {
        if (!issuer.equals(claims.getIssuer())) {
            throw new TokenRejected("wrong issuer");
        }
        if (!expectedUse.claim().equals(stringClaim(claims, "token_use"))) {
            throw new TokenRejected("wrong token_use");
        }
        if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
            throw new TokenRejected("no subject");
        }
        Instant now = clock.instant();
        Instant exp = instant(claims.getExpirationTime());
        Instant iat = instant(claims.getIssueTime());
        if (exp == null || iat == null) {
            throw new TokenRejected("missing time claims");
        }
        if (!now.isBefore(exp.plus(clockSkew))) {
            throw TokenRejected.expiredToken();
        }
        if (iat.isAfter(now.plus(clockSkew))) {
            throw new TokenRejected("issued in the future");
        }
        Instant nbf = instant(claims.getNotBeforeTime());
        if (nbf != null && nbf.isAfter(now.plus(clockSkew))) {
            throw new TokenRejected("not yet valid");
        }
        String clientId = switch (expectedUse) {
            case ACCESS -> stringClaim(claims, "client_id");
            case ID -> claims.getAudience().size() == 1 ? claims.getAudience().getFirst() : null;
        };
        if (clientId == null || (!allowedClientIds.isEmpty() && !allowedClientIds.contains(clientId))) {
            throw new TokenRejected("client not allowed");
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s ? s : null;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

}
