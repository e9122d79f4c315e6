package io.cognate.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import io.cognate.verifier.HttpApiAuthorizerHandler;
import java.util.HashMap;

/**
 * Runs in a fresh JVM on the token-verifier's Lambda jar alone (plus this class): does what the
 * Lambda runtime does on a cold start, loading the handler (whose environment reads the
 * function's variables, builds the KMS client and fetches the public key on first use), then
 * one authorization. Prints {@code AUTHORIZED} or {@code DENIED} for each token argument.
 * Touches no class outside the jar, so a class the shade left out fails here.
 */
public final class ColdStartDriver {
    private ColdStartDriver() {
    }

    public static void main(String[] tokens) {
        HttpApiAuthorizerHandler handler = new HttpApiAuthorizerHandler();
        for (String token : tokens) {
            var headers = new HashMap<String, String>();
            headers.put("authorization", "Bearer " + token);
            var event = APIGatewayV2CustomAuthorizerEvent.builder().withVersion("2.0").withType("REQUEST")
                    .withRouteKey("GET /demo/whoami").withRawPath("/demo/whoami").withHeaders(headers).build();
            boolean allowed = handler.handleRequest(event, null).getIsAuthorized();
            System.out.println(allowed ? "AUTHORIZED" : "DENIED");
            System.out.flush();
        }
    }
}
