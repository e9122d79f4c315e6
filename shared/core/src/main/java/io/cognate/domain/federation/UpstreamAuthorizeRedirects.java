package io.cognate.domain.federation;

import io.cognate.domain.AppClient;
import io.cognate.domain.federation.saml.SamlRejected;
import io.cognate.domain.federation.saml.SamlSignIn;
import io.cognate.domain.oauth.AuthorizationRequest;
import io.cognate.domain.oauth.AuthorizationRequests;
import io.cognate.ports.FederationDirectory;
import io.cognate.ports.UserDirectory;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The authorization endpoint's way to an upstream provider: {@code identity_provider} (a
 * provider's name) or {@code idp_identifier} (one of a provider's IdpIdentifiers) picks the
 * provider; the client must list it in SupportedIdentityProviders. An OIDC or OAuth 2.0 provider
 * gets {@link FederatedAuthorize#start} with the checked request as {@code resume} (sealed in the
 * upstream state, so nothing is stored); a SAML provider gets {@link SamlSignIn#start} with it as
 * the continuation (stored with the pending AuthnRequest). {@code resume} is
 * {@link AuthorizationRequest#query()}: the request's parameters without the provider, so the
 * way back is checked again by {@link AuthorizationRequests#check} (the callback still an exact
 * match) and never leads upstream a second time.
 */
public final class UpstreamAuthorizeRedirects implements io.cognate.domain.oauth.FederatedAuthorize {
    private final Supplier<FederationDirectory> providers;
    private final UserDirectory users;
    private final Supplier<FederatedAuthorize> oidc;
    private final Supplier<SamlSignIn> saml;

    public UpstreamAuthorizeRedirects(Supplier<FederationDirectory> providers, UserDirectory users,
                                      Supplier<FederatedAuthorize> oidc, Supplier<SamlSignIn> saml) {
        this.providers = providers;
        this.users = users;
        this.oidc = oidc;
        this.saml = saml;
    }

    @Override
    public Optional<String> upstreamRedirect(AuthorizationRequest request, URI idpResponseUri) {
        Optional<IdentityProvider> named = request.identityProvider()
                .filter(name -> !name.equals(AuthorizationRequests.COGNITO))
                .map(name -> providers.get().findProvider(name))
                .orElseGet(() -> request.idpIdentifier().flatMap(identifier -> providers.get().findProviderByIdentifier(identifier)));
        Optional<IdentityProvider> allowed = named.filter(provider -> users.findClient(request.clientId())
                .map(AppClient::settings)
                .filter(settings -> settings.supportedIdentityProviders().contains(provider.name()))
                .isPresent());
        if (allowed.isEmpty()) {
            return Optional.empty();
        }
        IdentityProvider provider = allowed.get();
        String resume = request.query();
        try {
            if (provider.type() == ProviderType.SAML) {
                // The SAML consumer of the domain the browser came in at, as for OIDC's idpresponse.
                return Optional.of(saml.get().start(provider.name(), resume,
                        idpResponseUri.resolve(io.cognate.domain.federation.saml.SamlServiceProvider.ACS_PATH).toString()).url());
            }
            return Optional.of(oidc.get().start(provider.name(), request.clientId(), resume, idpResponseUri).toString());
        } catch (SamlRejected | FederatedAuthorize.Refused | io.cognate.ports.UpstreamOidc.Rejected cannotStart) {
            // A provider whose settings lack what a start needs (no client_id, no HTTP-Redirect
            // endpoint) or whose discovery fails: the client hears invalid_request, as for a
            // provider that is not there.
            return Optional.empty();
        }
    }
}
