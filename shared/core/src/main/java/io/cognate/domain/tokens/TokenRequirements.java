package io.cognate.domain.tokens;

import java.util.Set;

/**
 * What one caller (an API route, a Cognito operation) demands of a token beyond a valid
 * signature: its kind, and scopes that must all be present in its {@code scope} claim.
 */
public record TokenRequirements(TokenUse use, Set<String> scopes) {

    public TokenRequirements {
        if (use == null) {
            throw new IllegalArgumentException("a token kind is required");
        }
        scopes = Set.copyOf(scopes);
        if (use == TokenUse.ID && !scopes.isEmpty()) {
            throw new IllegalArgumentException("ID tokens carry no scopes; require scopes of access tokens only");
        }
    }

    public static TokenRequirements of(TokenUse use) {
        return new TokenRequirements(use, Set.of());
    }

    public static TokenRequirements accessWithScopes(Set<String> scopes) {
        return new TokenRequirements(TokenUse.ACCESS, scopes);
    }
}
