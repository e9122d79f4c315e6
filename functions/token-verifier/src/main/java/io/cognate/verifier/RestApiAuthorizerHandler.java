package io.cognate.verifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.config.AuthorizerConfig;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.verifier.VerifierEnvironment;
import io.cognate.verifier.VerifierServices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda authorizer for API Gateway REST APIs, of type TOKEN (the token arrives as
 * {@code authorizationToken}) or REQUEST (read from the {@code Authorization} header). The answer
 * is an IAM policy allowing or denying {@code execute-api:Invoke} on exactly the called method;
 * API Gateway answers a Deny with 403. A REQUEST authorizer's route is its method and resource
 * template ("GET /pets/{id}"); a TOKEN authorizer only sees the method ARN, so its route is the
 * method and the concrete path, matched against the configured templates. With per-route
 * demands, keep API Gateway's authorizer result cache off for TOKEN authorizers: it caches by
 * token alone and would reuse one method's policy for another. The same holds for routes that
 * demand groups ({@code COGNATE_AUTHORIZER_REQUIRED_GROUPS}).
 */
public final class RestApiAuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
    private final TokenAuthorizer authorizer;
    private final String region;

    public RestApiAuthorizerHandler() {
        this(VerifierEnvironment.services());
    }

    public RestApiAuthorizerHandler(VerifierServices services) {
        this.authorizer = new TokenAuthorizer(services::verifier, services.authorizer());
        this.region = services.config().region();
    }

    /** Over a verifier built elsewhere (benchmarks, other runtimes), as the HTTP API authorizer's. */
    public RestApiAuthorizerHandler(TokenVerifier verifier, AuthorizerConfig config) {
        this(new TokenAuthorizer(() -> verifier, config));
    }

    RestApiAuthorizerHandler(TokenAuthorizer authorizer) {
        this.authorizer = authorizer;
        this.region = null;
    }

    @Override
    public IamPolicyResponseV1 handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        // TOKEN events carry no request context: the Lambda request id stands in.
        String requestId = event == null || event.getRequestContext() == null ? null
                : event.getRequestContext().getRequestId();
        // As the HTTP API authorizer: log keys only around the lines a denial writes.
        return handle(event, lines -> RequestLogging.writeWith(context, requestId, region, lines));
    }

    private IamPolicyResponseV1 handle(APIGatewayCustomAuthorizerEvent event, TokenAuthorizer.LogLines log) {
        if (event == null || event.getMethodArn() == null) {
            return policy(TokenAuthorizer.Decision.deny("no method"), "*");
        }
        boolean tokenType = "TOKEN".equalsIgnoreCase(event.getType());
        String credential = tokenType ? event.getAuthorizationToken() : header(event.getHeaders(), "authorization");
        String route = tokenType || event.getHttpMethod() == null || event.getResource() == null
                ? routeFromMethodArn(event.getMethodArn())
                : event.getHttpMethod() + " " + event.getResource();
        return policy(authorizer.authorize(credential, route, log), event.getMethodArn());
    }

    /** {@code arn:aws:execute-api:region:account:api/stage/GET/pets/7} becomes {@code GET /pets/7}. */
    static String routeFromMethodArn(String methodArn) {
        int colon = methodArn.lastIndexOf(':');
        String[] parts = methodArn.substring(colon + 1).split("/", 4);
        if (parts.length < 3) {
            return null;
        }
        return parts[2] + " /" + (parts.length == 4 ? parts[3] : "");
    }

    private static IamPolicyResponseV1 policy(TokenAuthorizer.Decision decision, String methodArn) {
        var statement = decision.allowed()
                ? IamPolicyResponseV1.allowStatement(methodArn)
                : IamPolicyResponseV1.denyStatement(methodArn);
        return IamPolicyResponseV1.builder()
                .withPrincipalId(decision.principalId())
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(statement))
                        .build())
                .withContext(new LinkedHashMap<String, Object>(decision.context()))
                .build();
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (var header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }
}
