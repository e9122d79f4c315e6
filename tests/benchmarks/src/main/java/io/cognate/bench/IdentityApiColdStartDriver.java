package io.cognate.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.identity.IdentityApiHandler;
import java.util.Map;

/**
 * Runs in a fresh JVM on identity-api's Lambda jar alone (plus this class): loads and constructs
 * the handler as the Lambda runtime does on a cold start, then sends it one Cognito JSON request
 * as API Gateway would ({@code POST /} with {@code X-Amz-Target}). Arguments: the operation
 * ({@code InitiateAuth}, {@code GetUser}...) and the request body. Prints {@code ANSWERED} for a
 * 200 whose body holds {@code expect} (the third argument), else {@code FAILED} with the answer.
 */
public final class IdentityApiColdStartDriver {
    private IdentityApiColdStartDriver() {
    }

    public static void main(String[] args) {
        ColdStartPhases.mark(ColdStartPhases.MAIN);
        String operation = args[0];
        String body = args[1];
        String expect = args[2];
        ColdStartPhases.loadHandler(IdentityApiHandler.class.getName());
        IdentityApiHandler handler = new IdentityApiHandler();
        ColdStartPhases.mark(ColdStartPhases.HANDLER_BUILT);
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/")
                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").withUserAgent("cold-start").build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("cold-start-1").withHttp(http)
                .withRouteKey("POST /").withStage("$default").build();
        var event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("POST /").withRawPath("/")
                .withHeaders(Map.of("content-type", "application/x-amz-json-1.1",
                        "x-amz-target", "AWSCognitoIdentityProviderService." + operation))
                .withBody(body).withIsBase64Encoded(false).withRequestContext(context).build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        ColdStartPhases.mark(ColdStartPhases.ANSWERED);
        boolean answered = response.getStatusCode() == 200 && response.getBody() != null
                && response.getBody().contains(expect);
        System.out.println(answered ? "ANSWERED" : "FAILED " + response.getStatusCode() + " " + response.getBody());
        System.out.flush();
    }
}
