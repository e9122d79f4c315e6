package io.cognate.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import io.cognate.verifier.HttpApiAuthorizerHandler;
import java.util.HashMap;

/**
 * Runs in a fresh JVM on the token-verifier's Lambda jar alone (plus this class): does what the
 * Lambda runtime does on a cold start, loading the handler (whose environment reads the
 * function's variables, builds the KMS client and fetches the public key on first use), then
 * one authorization. Prints {@code AUTHORIZED} or {@code DENIED} for each token argument.
 * Touches no class outside the jar, so a class the shade left out fails here. The function's own
 * log lines (JSON objects) go to the same standard output, and so do the {@link ColdStartPhases}
 * marks ({@code phase: ...}).
 */
public final class ColdStartDriver {
    /** The n-th token's request carries the API Gateway request id {@code cold-start-n}. */
    public static final String REQUEST_ID_PREFIX = "cold-start-";

    private ColdStartDriver() {
    }

    public static void main(String[] tokens) {
        ColdStartPhases.mark(ColdStartPhases.MAIN);
        ColdStartPhases.loadHandler(HttpApiAuthorizerHandler.class.getName());
        HttpApiAuthorizerHandler handler = new HttpApiAuthorizerHandler();
        ColdStartPhases.mark(ColdStartPhases.HANDLER_BUILT);
        for (int i = 0; i < tokens.length; i++) {
            var headers = new HashMap<String, String>();
            headers.put("authorization", "Bearer " + tokens[i]);
            // API Gateway's request id, which the function's log lines carry as correlation_id.
            var context = APIGatewayV2CustomAuthorizerEvent.RequestContext.builder().withRequestId(REQUEST_ID_PREFIX + (i + 1))
                    .build();
            var event = APIGatewayV2CustomAuthorizerEvent.builder().withVersion("2.0").withType("REQUEST")
                    .withRouteKey("GET /demo/whoami").withRawPath("/demo/whoami").withHeaders(headers)
                    .withRequestContext(context).build();
            boolean allowed = handler.handleRequest(event, null).getIsAuthorized();
            System.out.println(allowed ? "AUTHORIZED" : "DENIED");
            System.out.flush();
            if (i == 0) {
                ColdStartPhases.mark(ColdStartPhases.ANSWERED);
            }
        }
    }
}
