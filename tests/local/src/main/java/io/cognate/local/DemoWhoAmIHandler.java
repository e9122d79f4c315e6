package io.cognate.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.http.HttpApiEvents;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sample protected route, {@code GET /demo/whoami}: an app's own function behind Cognate's
 * authorizer. It trusts the gateway and answers the caller's claims, as the authorizer put
 * them in {@code requestContext.authorizer.lambda}, with the region that served.
 */
final class DemoWhoAmIHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String region;

    DemoWhoAmIHandler(String region) {
        this.region = region;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var requestContext = event.getRequestContext();
        Map<String, Object> claims = requestContext == null || requestContext.getAuthorizer() == null
                || requestContext.getAuthorizer().getLambda() == null
                ? Map.of() : requestContext.getAuthorizer().getLambda();
        if (claims.isEmpty()) {
            // Only reachable without the authorizer in front: refuse rather than answer nobody.
            return HttpApiEvents.json(401, "{\"message\":\"Unauthorized\"}");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", region);
        body.put("claims", claims);
        try {
            return HttpApiEvents.json(200, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
