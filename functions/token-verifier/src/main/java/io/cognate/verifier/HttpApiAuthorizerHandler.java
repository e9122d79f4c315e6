package io.cognate.verifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.config.AuthorizerConfig;
import io.cognate.domain.tokens.TokenVerifier;
import io.cognate.verifier.VerifierEnvironment;
import io.cognate.verifier.VerifierServices;
import java.util.List;
import java.util.Map;

/**
 * Lambda authorizer for API Gateway HTTP APIs: payload format 2.0 with simple responses. The
 * token comes from the {@code Authorization} header (configure the identity source
 * {@code $request.header.Authorization}, so requests without one get API Gateway's 401 without
 * an invocation); a denial is {@code isAuthorized: false}, which API Gateway answers with 403.
 * The caller's claims reach the route as {@code requestContext.authorizer.lambda}.
 */
public final class HttpApiAuthorizerHandler
        implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
    private final TokenAuthorizer authorizer;
    private final String region;

    public HttpApiAuthorizerHandler() {
        this(VerifierEnvironment.services());
    }

    public HttpApiAuthorizerHandler(VerifierServices services) {
        this.authorizer = new TokenAuthorizer(services::verifier, services.authorizer());
        this.region = services.config().region();
    }

    /** Over a verifier built elsewhere (benchmarks, other runtimes). */
    public HttpApiAuthorizerHandler(TokenVerifier verifier, AuthorizerConfig config) {
        this(new TokenAuthorizer(() -> verifier, config));
    }

    HttpApiAuthorizerHandler(TokenAuthorizer authorizer) {
        this.authorizer = authorizer;
        this.region = null;
    }

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        String requestId = event == null || event.getRequestContext() == null ? null
                : event.getRequestContext().getRequestId();
        // No log keys around an allowed request: it writes no line, and setting them would cost
        // more than a cached verification (docs/performance.md).
        return handle(event, lines -> RequestLogging.writeWith(context, requestId, region, lines));
    }

    private SimpleIAMPolicyResponse handle(APIGatewayV2CustomAuthorizerEvent event, TokenAuthorizer.LogLines log) {
        if (event == null) {
            return SimpleIAMPolicyResponse.builder().withIsAuthorized(false).withContext(Map.of()).build();
        }
        var decision = authorizer.authorize(credential(event), event.getRouteKey(), log);
        return SimpleIAMPolicyResponse.builder()
                .withIsAuthorized(decision.allowed())
                .withContext(decision.context())
                .build();
    }

    private static String credential(APIGatewayV2CustomAuthorizerEvent event) {
        Map<String, String> headers = event.getHeaders();
        if (headers != null) {
            for (var header : headers.entrySet()) {
                if ("authorization".equalsIgnoreCase(header.getKey())) {
                    return header.getValue();
                }
            }
        }
        List<String> identitySource = event.getIdentitySource();
        return identitySource == null || identitySource.isEmpty() ? null : identitySource.getFirst();
    }
}
