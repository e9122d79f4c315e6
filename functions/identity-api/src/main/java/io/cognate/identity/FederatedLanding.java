package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.clients.OAuthError;
import io.cognate.domain.oauth.AuthorizationRequest;
import io.cognate.domain.oauth.AuthorizationRequests;
import io.cognate.domain.oauth.HostedSession;
import io.cognate.domain.oauth.HostedSessions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The end of every federated sign-in (OIDC and OAuth 2.0 at {@code /oauth2/idpresponse}, SAML at
 * {@code /saml2/idpresponse}): the authorization request carried through the upstream round trip
 * is checked again as a fresh one (client, exact callback, PKCE, scopes), then the browser gets
 * the hosted session cookie, as after a hosted login, and goes to the client's callback with a
 * code and the client's {@code state}. Before a request has been checked, nothing redirects: the
 * browser is shown an error page.
 */
final class FederatedLanding {
    static final String OIDC_RESPONSE_PATH = "/oauth2/idpresponse";
    /** A host name with an optional port, as API Gateway reports the domain a request came in at. */
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    private FederatedLanding() {
    }

    /**
     * Where the upstream provider sends the browser back: the pool's domain (the issuer), or this
     * region's own domain when the browser reached the region directly, so the code is issued in
     * the region the client will redeem it at (codes are redeemed only where issued). The domain
     * is API Gateway's, which routes by it; and the upstream provider accepts only the redirect
     * URIs registered with it, so an unexpected one is refused there.
     */
    static URI idpResponseUri(String issuer, APIGatewayV2HTTPEvent event) {
        URI pool = URI.create(issuer);
        String domain = event.getRequestContext() == null ? null : event.getRequestContext().getDomainName();
        if (domain == null || !DOMAIN.matcher(domain).matches() || domain.equalsIgnoreCase(pool.getRawAuthority())) {
            return URI.create(issuer + OIDC_RESPONSE_PATH);
        }
        return URI.create(pool.getScheme() + "://" + domain + OIDC_RESPONSE_PATH);
    }

    /** The authorization request carried as {@code resume} or a RelayState, checked as a new one. */
    static AuthorizationRequests.Checked resume(OAuthWiring oauth, String carried) {
        Map<String, String> parameters;
        try {
            parameters = FormBody.parse(carried.getBytes(StandardCharsets.UTF_8)).all();
        } catch (OAuthError malformed) {
            return new AuthorizationRequests.ErrorPage("invalid_request", "The sign-in request is malformed.");
        }
        return oauth.requests().check(parameters);
    }

    /**
     * Signed in through {@code provider}: the hosted session cookie, and the client's callback with
     * a new code.
     */
    static APIGatewayV2HTTPResponse signedIn(OAuthWiring oauth, AuthorizationRequest request, String provider,
                                             String sub, Instant authTime) {
        HostedSession session = oauth.sessions().start(sub, provider, authTime);
        String cookie = HostedHttp.setCookie(HostedHttp.SESSION_COOKIE, oauth.sessions().seal(session),
                HostedSessions.VALIDITY.toSeconds(), oauth.secureCookies());
        String code = oauth.codes().issue(request, sub, authTime);
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("code", code);
        request.state().ifPresent(state -> parameters.put("state", state));
        return HostedHttp.redirect(AuthorizationRequest.redirect(request.redirectUri(), parameters), List.of(cookie));
    }

    /** An error for the client, at its (checked) callback, with its state. */
    static APIGatewayV2HTTPResponse error(AuthorizationRequest request, String error, String description) {
        return HostedHttp.redirect(new AuthorizationRequests.RedirectError(request.redirectUri(), error, description,
                request.state()).location(), List.of());
    }

    /** A refused check: an error page, or the error at the callback once the callback is known good. */
    static APIGatewayV2HTTPResponse refused(OAuthWiring oauth, AuthorizationRequests.Checked checked) {
        return switch (checked) {
            case AuthorizationRequests.RedirectError redirect -> HostedHttp.redirect(redirect.location(), List.of());
            case AuthorizationRequests.ErrorPage page -> errorPage(oauth, 400, page.error(), page.description());
            case AuthorizationRequests.Valid valid -> throw new IllegalArgumentException("not a refusal");
        };
    }

    static APIGatewayV2HTTPResponse errorPage(OAuthWiring oauth, int status, String error, String description) {
        String nonce = oauth.randomToken();
        return HostedHttp.html(status, HostedPages.error(nonce, error, description), nonce, Optional.empty(), List.of());
    }
}
