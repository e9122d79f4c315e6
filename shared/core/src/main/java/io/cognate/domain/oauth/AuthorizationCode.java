package io.cognate.domain.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an authorization code stands for (RFC 6749 §4.1.2): who signed in and when, for which
 * client and redirect URI, with which PKCE challenge (S256 only), nonce and granted scopes.
 * Only the code's hash is kept; {@code issuedInRegion} is the one region that may redeem it.
 */
public record AuthorizationCode(
        String codeHash,
        String clientId,
        String redirectUri,
        Optional<String> codeChallenge,
        Optional<String> nonce,
        List<String> scopes,
        String sub,
        Instant authTime,
        Instant expiresAt,
        String issuedInRegion) {

    public AuthorizationCode {
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "AuthorizationCode[clientId=" + clientId + ", sub=" + sub + ", expiresAt=" + expiresAt + "]";
    }
}
