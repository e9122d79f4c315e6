package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.CognitoException;
import io.cognate.domain.federation.FederatedAuthorize;
import io.cognate.domain.oauth.AuthorizationRequest;
import io.cognate.domain.oauth.AuthorizationRequests;
import io.cognate.http.HttpApiEvents;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /oauth2/idpresponse}: an upstream OIDC or OAuth 2.0 provider sends the browser back
 * here with {@code code} and {@code state} (or {@code error}). {@link FederatedAuthorize#finish}
 * opens the sealed state (once, in any region), exchanges the code and signs the user in; the
 * authorization request sealed in the state is then resumed by {@link FederatedLanding}. What goes
 * wrong before the state opened (forged, altered, another pool's) shows an error page and sends the
 * browser nowhere; after, the client's callback hears {@code error} with its {@code state}.
 */
final class OidcResponseEndpoint {
    static final String PATH = FederatedLanding.OIDC_RESPONSE_PATH;
    private static final Logger LOG = LoggerFactory.getLogger(OidcResponseEndpoint.class);
    /** An upstream error code passed on to the client: RFC 6749 §4.1.2.1's characters, bounded. */
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    private final Supplier<OAuthWiring> wiring;
    private final Supplier<FederatedAuthorize> federation;
    private final HostedBrandedPages branding;

    OidcResponseEndpoint(Supplier<OAuthWiring> wiring, Supplier<FederatedAuthorize> federation, HostedBrandedPages branding) {
        this.wiring = wiring;
        this.federation = federation;
        this.branding = branding;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String requestId = HttpApiEvents.requestId(event);
        OAuthWiring oauth = wiring.get();
        try {
            Optional<Map<String, String>> query = HostedHttp.query(event);
            if (query.isEmpty()) {
                return page(event, Optional.empty(), FederatedLanding.errorPage(oauth, 400, "invalid_request",
                        "The request is malformed."));
            }
            FederatedAuthorize.SignedIn signedIn;
            try {
                signedIn = federation.get().finish(query.get());
            } catch (FederatedAuthorize.Refused refused) {
                // The reason names the check that failed; an upstream rejection's own words after ':' stay out.
                LOG.info("operation=oauth2/idpresponse outcome=refused reason={} requestId={}",
                        refused.getMessage().split(":")[0].replace(' ', '-'), requestId);
                // The client is known once the state opened (it is sealed by this pool): its pages' branding.
                return page(event, refused.clientId(), refused(oauth, refused, query.get()));
            } catch (CognitoException notSignedIn) {
                LOG.info("operation=oauth2/idpresponse outcome={} requestId={}", notSignedIn.type(), requestId);
                return page(event, Optional.empty(), notAuthorized(notSignedIn)
                        ? FederatedLanding.errorPage(oauth, 400, "access_denied", "This account cannot sign in.")
                        : FederatedLanding.errorPage(oauth, 503, "temporarily_unavailable", "Sign-in is not available right now. Try again."));
            }
            var checked = FederatedLanding.resume(oauth, signedIn.resume());
            if (!(checked instanceof AuthorizationRequests.Valid valid)
                    || !valid.request().clientId().equals(signedIn.clientId())) {
                return page(event, Optional.of(signedIn.clientId()), checked instanceof AuthorizationRequests.Valid
                        ? FederatedLanding.errorPage(oauth, 400, "invalid_request", "The sign-in request is not valid.")
                        : FederatedLanding.refused(oauth, checked));
            }
            LOG.info("operation=oauth2/idpresponse outcome=signed_in provider={} requestId={}", signedIn.providerName(), requestId);
            return FederatedLanding.signedIn(oauth, valid.request(), signedIn.providerName(), signedIn.sub(),
                    signedIn.authTime());
        } catch (RuntimeException e) {
            // Only the class: a message could quote the request.
            LOG.error("operation=oauth2/idpresponse outcome=server_error requestId={} cause={}", requestId, e.getClass().getName());
            return page(event, Optional.empty(), FederatedLanding.errorPage(oauth, 500, "server_error",
                    "Something went wrong. Try again."));
        }
    }

    /** An error page in the layout of {@code client}'s sign-in page (the pool's when the client is not known); redirects as they are. */
    private APIGatewayV2HTTPResponse page(APIGatewayV2HTTPEvent event, Optional<String> client, APIGatewayV2HTTPResponse response) {
        return branding.apply(event, client, response);
    }

    private static APIGatewayV2HTTPResponse refused(OAuthWiring oauth, FederatedAuthorize.Refused refused,
                                                    Map<String, String> query) {
        Optional<AuthorizationRequest> request = refused.resume()
                .map(resume -> FederatedLanding.resume(oauth, resume))
                .flatMap(checked -> checked instanceof AuthorizationRequests.Valid valid
                        ? Optional.of(valid.request()) : Optional.empty())
                .filter(resumed -> refused.clientId().filter(resumed.clientId()::equals).isPresent());
        if (request.isEmpty()) {
            return FederatedLanding.errorPage(oauth, 400, "invalid_request",
                    "The sign-in could not be completed. Start again from the application.");
        }
        String upstreamError = query.get("error");
        if (upstreamError != null) {
            return FederatedLanding.error(request.get(),
                    ERROR_CODE.matcher(upstreamError).matches() ? upstreamError : "access_denied",
                    "The identity provider did not sign the user in.");
        }
        return FederatedLanding.error(request.get(), "invalid_request", "The identity provider's answer was refused.");
    }

    private static boolean notAuthorized(CognitoException e) {
        return e.type().equals("NotAuthorizedException");
    }
}
