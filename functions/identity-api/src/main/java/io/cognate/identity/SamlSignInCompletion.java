package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.domain.federation.FederatedSignIn;
import io.cognate.domain.federation.IdentityProvider;
import io.cognate.domain.federation.ProviderType;
import io.cognate.domain.federation.saml.SamlSignIn;
import io.cognate.domain.federation.saml.VerifiedUpstreamIdentity;
import io.cognate.domain.oauth.AuthorizationRequests;
import io.cognate.ports.FederationDirectory;
import io.cognate.ports.UpstreamOidc;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verified SAML answer signs the user in and resumes the authorization request: the
 * continuation (SP-initiated: the request's parameters, stored with the AuthnRequest; IdP-initiated:
 * the RelayState's authorize parameters) is checked as a new authorization request first, so an
 * IdP-initiated answer lands only on a client that lists the provider and at one of its callback
 * URLs exactly, and nobody is made or updated for a request that goes nowhere. Then
 * {@link FederatedSignIn} maps the attributes and finds or makes the {@code EXTERNAL_PROVIDER}
 * user {@code <ProviderName>_<NameID>} (at the leader, through write forwarding, when this region
 * does not lead), and {@link FederatedLanding} sets the hosted session and issues the code.
 */
final class SamlSignInCompletion implements UpstreamSignInCompletion {
    private static final Logger LOG = LoggerFactory.getLogger(SamlSignInCompletion.class);

    private final Supplier<OAuthWiring> wiring;
    private final Supplier<FederationDirectory> providers;
    private final Supplier<FederatedSignIn> signIn;

    SamlSignInCompletion(Supplier<OAuthWiring> wiring, Supplier<FederationDirectory> providers,
                         Supplier<FederatedSignIn> signIn) {
        this.wiring = wiring;
        this.providers = providers;
        this.signIn = signIn;
    }

    @Override
    public APIGatewayV2HTTPResponse complete(SamlSignIn.SignedIn signedIn) {
        OAuthWiring oauth = wiring.get();
        VerifiedUpstreamIdentity identity = signedIn.identity();
        var checked = FederatedLanding.resume(oauth, signedIn.continuation());
        if (!(checked instanceof AuthorizationRequests.Valid valid)) {
            LOG.info("operation=saml2/idpresponse outcome=refused reason=authorize-request-invalid idpInitiated={}",
                    signedIn.idpInitiated());
            return FederatedLanding.refused(oauth, checked);
        }
        if (!valid.client().settings().supportedIdentityProviders().contains(identity.providerName())) {
            LOG.info("operation=saml2/idpresponse outcome=refused reason=client-does-not-support-provider");
            return FederatedLanding.error(valid.request(), "unauthorized_client",
                    "The client does not support the identity provider.");
        }
        IdentityProvider provider = providers.get().findProvider(identity.providerName())
                .filter(found -> found.type() == ProviderType.SAML)
                .orElse(null);
        if (provider == null) {
            return FederatedLanding.error(valid.request(), "invalid_request", "The identity provider does not exist.");
        }
        User user;
        try {
            user = signIn.get().signIn(provider, new UpstreamOidc.Identity(identity.subject(), null, claims(identity)));
        } catch (CognitoException notSignedIn) {
            LOG.info("operation=saml2/idpresponse outcome={}", notSignedIn.type());
            return notSignedIn.type().equals("NotAuthorizedException")
                    ? FederatedLanding.error(valid.request(), "access_denied", "This account cannot sign in.")
                    : FederatedLanding.error(valid.request(), "temporarily_unavailable",
                            "Sign-in is not available right now. Try again.");
        }
        return FederatedLanding.signedIn(oauth, valid.request(), provider.name(), user.sub(), oauth.clock().instant());
    }

    /** The assertion's attributes as claims for the attribute mapping: a single-valued attribute takes the first value. */
    private static Map<String, String> claims(VerifiedUpstreamIdentity identity) {
        var claims = new LinkedHashMap<String, String>();
        identity.attributes().keySet().forEach(name -> {
            String first = identity.firstValue(name);
            if (first != null) {
                claims.put(name, first);
            }
        });
        return claims;
    }
}
