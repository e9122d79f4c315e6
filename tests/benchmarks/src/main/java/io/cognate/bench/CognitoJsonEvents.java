package io.cognate.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/**
 * The HTTP API event that carries one Cognito JSON request to identity-api's handler, as API
 * Gateway hands it over: for measuring mains and tests that call the handler in-process, without
 * the local gateway in between.
 */
public final class CognitoJsonEvents {
    /** A documentation address (RFC 5737) as the caller's, so the event log has one to record. */
    public static final String CALLER_IP = "203.0.113.7";

    private CognitoJsonEvents() {
    }

    public static APIGatewayV2HTTPEvent of(String operation, String body, String requestId) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /")
                .withRawPath("/")
                .withHeaders(Map.of("content-type", "application/x-amz-json-1.1",
                        "x-amz-target", "AWSCognitoIdentityProviderService." + operation))
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(requestId)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/").withProtocol("HTTP/1.1")
                                .withSourceIp(CALLER_IP).build())
                        .build())
                .build();
    }
}
