package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.federation.saml.SamlSignIn;

/**
 * What happens once an upstream provider's answer is verified: federated sign-in maps
 * {@link SamlSignIn.SignedIn#identity()} (a {@code VerifiedUpstreamIdentity}) to the pool's
 * {@code EXTERNAL_PROVIDER} user and resumes the authorize request in
 * {@link SamlSignIn.SignedIn#continuation()} (redirect with a code): {@link SamlSignInCompletion}.
 */
@FunctionalInterface
interface UpstreamSignInCompletion {
    APIGatewayV2HTTPResponse complete(SamlSignIn.SignedIn signedIn);
}
