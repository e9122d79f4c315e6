package io.cognate.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.local.usage.LocalUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lambda authorizer on an HTTP API route, as API Gateway runs one: payload format 2.0, simple
 * responses, identity source {@code $request.header.Authorization}. A request without that header
 * gets 401 without an invocation; {@code isAuthorized: false} is 403; a failing authorizer is 500.
 * An allowed request continues with the authorizer's context in
 * {@code requestContext.authorizer.lambda}. Events and responses go through the Lambda runtime's
 * serializer, so field names ({@code isAuthorized}) are checked as AWS reads them.
 */
public final class LambdaAuthorizer {
    private static final Logger log = LoggerFactory.getLogger(LambdaAuthorizer.class);
    private static final String IDENTITY_HEADER = "authorization";

    private final String functionName;
    private final RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> handler;
    private final PojoSerializer<APIGatewayV2CustomAuthorizerEvent> events;
    private final PojoSerializer<SimpleIAMPolicyResponse> responses;

    public LambdaAuthorizer(String functionName,
                            RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> handler) {
        this.functionName = functionName;
        this.handler = handler;
        ClassLoader loader = handler.getClass().getClassLoader();
        this.events = LambdaEventSerializers.serializerFor(APIGatewayV2CustomAuthorizerEvent.class, loader);
        this.responses = LambdaEventSerializers.serializerFor(SimpleIAMPolicyResponse.class, loader);
    }

    /** The route's event, allowed and carrying the authorizer's context; or API Gateway's refusal. */
    record Outcome(String eventJson, GatewayResponse refusal) {
    }

    Outcome authorize(String routeEventJson, String region, String accountId, String apiId) {
        ObjectNode routeEvent;
        try {
            routeEvent = (ObjectNode) JsonHttp.MAPPER.readTree(routeEventJson);
        } catch (Exception e) {
            return new Outcome(null, GatewayResponse.internalServerError());
        }
        String credential = routeEvent.path("headers").path(IDENTITY_HEADER).asText("");
        if (credential.isEmpty()) {
            return new Outcome(null, GatewayResponse.message(401, "Unauthorized"));
        }
        JsonNode answer;
        try {
            String eventJson = authorizerEvent(routeEvent, credential, region, accountId, apiId).toString();
            // Metered from event in to response out, as Lambda bills it (GET /_local/usage).
            String answerJson = LocalUsage.jvm().functions().measure(functionName, () -> {
                SimpleIAMPolicyResponse response = handler.handleRequest(events.fromJson(eventJson),
                        new LocalLambdaContext(functionName, region));
                ByteArrayOutputStream json = new ByteArrayOutputStream();
                responses.toJson(response, json);
                return json.toString(StandardCharsets.UTF_8);
            });
            answer = JsonHttp.MAPPER.readTree(answerJson);
        } catch (Throwable failure) { // the Lambda runtime reports any Throwable as a failed invocation
            log.error("{}: authorizer {} failed", region, functionName, failure);
            return new Outcome(null, GatewayResponse.internalServerError());
        }
        if (answer == null || !answer.path("isAuthorized").isBoolean()) {
            log.error("{}: authorizer {} answered without a boolean isAuthorized", region, functionName);
            return new Outcome(null, GatewayResponse.internalServerError());
        }
        if (!answer.path("isAuthorized").booleanValue()) {
            return new Outcome(null, GatewayResponse.message(403, "Forbidden"));
        }
        ObjectNode context = answer.path("context").isObject() ? (ObjectNode) answer.get("context")
                : JsonHttp.MAPPER.createObjectNode();
        routeEvent.withObjectProperty("requestContext").putObject("authorizer").set("lambda", context);
        return new Outcome(routeEvent.toString(), null);
    }

    /** The payload-2.0 authorizer event: the request as the route would see it, minus the body. */
    private static ObjectNode authorizerEvent(ObjectNode routeEvent, String credential, String region,
                                              String accountId, String apiId) {
        ObjectNode event = routeEvent.deepCopy();
        event.remove("body");
        event.remove("isBase64Encoded");
        event.put("type", "REQUEST");
        String method = routeEvent.path("requestContext").path("http").path("method").asText("GET").toUpperCase(Locale.ROOT);
        String stage = routeEvent.path("requestContext").path("stage").asText("$default");
        event.put("routeArn", "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/"
                + method + routeEvent.path("rawPath").asText("/"));
        event.putArray("identitySource").add(credential);
        return event;
    }
}
