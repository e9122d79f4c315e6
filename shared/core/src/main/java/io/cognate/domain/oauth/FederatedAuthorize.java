package io.cognate.domain.oauth;

import java.net.URI;
import java.util.Optional;

/**
 * Where an authorization request that names an identity provider ({@code identity_provider} or
 * {@code idp_identifier}, anything but {@code COGNITO}) goes: the URL of the upstream
 * provider's own authorization step, or empty when the pool has no such provider or the client
 * may not use it (the request is then answered with {@code invalid_request} at the client's
 * redirect URI). The request has been checked (client, exact redirect URI, PKCE, scopes) before
 * this is asked; the upstream answer comes back at {@code idpResponseUri}
 * ({@code /oauth2/idpresponse}) or, for SAML, at {@code /saml2/idpresponse}, which end by issuing
 * a code through {@link AuthorizationCodeGrant#issue}.
 */
@FunctionalInterface
public interface FederatedAuthorize {
    /** A pool with no identity providers yet. */
    FederatedAuthorize NONE = (request, idpResponseUri) -> Optional.empty();

    Optional<String> upstreamRedirect(AuthorizationRequest request, URI idpResponseUri);
}
