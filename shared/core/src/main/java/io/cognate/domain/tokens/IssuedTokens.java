package io.cognate.domain.tokens;

import java.util.Optional;

/** What a successful authentication returns. The refresh token is absent on refresh. */
public record IssuedTokens(String idToken, String accessToken, long expiresInSeconds, Optional<String> refreshToken) {
    public IssuedTokens withRefreshToken(String token) {
        return new IssuedTokens(idToken, accessToken, expiresInSeconds, Optional.of(token));
    }
}
