package io.cognate.domain.tokens;

import java.util.Optional;

/** What a successful authentication returns. The refresh token is absent on refresh. */
public record IssuedTokens(String idToken, String accessToken, long expiresInSeconds, Optional<String> refreshToken) {
    /** No tokens: a hosted-page sign-in, whose tokens the authorization code gives later (IdentityService.authenticatingOnly). */
    public static final IssuedTokens NONE = new IssuedTokens("", "", 0, Optional.empty());

    public IssuedTokens withRefreshToken(String token) {
        return new IssuedTokens(idToken, accessToken, expiresInSeconds, Optional.of(token));
    }
}
