package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.federation.saml.SamlSignIn;
import io.cognate.http.HttpApiEvents;

/**
 * What happens once an upstream provider's answer is verified: federated sign-in maps
 * {@link SamlSignIn.SignedIn#identity()} (a {@code VerifiedUpstreamIdentity}) to the pool's
 * {@code EXTERNAL_PROVIDER} user and resumes the authorize request in
 * {@link SamlSignIn.SignedIn#continuation()} (redirect with a code). Until that is wired, the
 * verified identity goes nowhere: the answer is 501 and nobody is signed in.
 */
@FunctionalInterface
interface UpstreamSignInCompletion {
    APIGatewayV2HTTPResponse complete(SamlSignIn.SignedIn signedIn);

    UpstreamSignInCompletion NOT_YET_WIRED = signedIn -> HttpApiEvents.json(501,
            "{\"error\":\"server_error\",\"error_description\":\"Federated sign-in is not available.\"}");
}
