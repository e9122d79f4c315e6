package io.cognate.ports;

import io.cognate.domain.federation.IdentityProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The upstream half of a federated sign-in with an OpenID Connect provider (Google, Apple, any
 * OIDC issuer) or an OAuth 2.0 social provider (Facebook, Login with Amazon): where to send the
 * browser, and the back-channel exchange of the code the provider answered with.
 */
public interface UpstreamOidc {
    /** The provider's endpoints: its discovery document's (fetched once and cached), else its details'. */
    Endpoints endpoints(IdentityProvider provider);

    /**
     * Exchanges {@code code} at the provider's token endpoint (client_secret_basic, or
     * client_secret_post where its discovery document allows only that), with the PKCE verifier,
     * and returns who signed in. For an OIDC provider: from the {@code id_token}, checked (signature
     * by the provider's JWKS, {@code iss}, {@code aud}, {@code nonce}, {@code exp}, {@code iat});
     * for a social provider: from its attributes URL, called with the access token.
     * {@link Rejected} for any failure, never the upstream's words verbatim.
     */
    Identity exchange(IdentityProvider provider, Optional<String> clientSecret, String code, URI redirectUri,
                      String codeVerifier, String nonce);

    record Endpoints(String issuer, URI authorization, URI token, Optional<URI> jwks, Optional<URI> userInfo,
                     List<String> tokenAuthMethods) {
        public Endpoints {
            tokenAuthMethods = List.copyOf(tokenAuthMethods);
        }
    }

    /** The upstream subject and the claims (or attributes) as strings, ready for the attribute mapping. */
    record Identity(String subject, String issuer, Map<String, String> claims) {
        public Identity {
            claims = Map.copyOf(claims);
        }
    }

    /** The upstream answer or token was not acceptable; the reason is for logs, not for the browser. */
    final class Rejected extends RuntimeException {
        public Rejected(String reason) {
            super(reason, null, false, false);
        }

        public Rejected(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }
}
