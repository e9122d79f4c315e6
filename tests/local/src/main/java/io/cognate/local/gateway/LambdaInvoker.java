package io.cognate.local.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.cognate.local.usage.LocalUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Invokes an HTTP API handler the way the Lambda Java runtime does: the event arrives as JSON, is
 * read with the runtime's own serializer, and the response goes back out as JSON. Going through
 * JSON (rather than passing objects) catches mapping surprises before they reach AWS.
 */
public final class LambdaInvoker {

    private final String functionName;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final PojoSerializer<APIGatewayV2HTTPEvent> events;
    private final PojoSerializer<APIGatewayV2HTTPResponse> responses;

    public LambdaInvoker(String functionName,
                         RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        this.functionName = functionName;
        this.handler = handler;
        // The runtime resolves serializers against the function's own class loader.
        ClassLoader loader = handler.getClass().getClassLoader();
        this.events = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader);
        this.responses = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, loader);
    }

    /** Runs the handler once on {@code eventJson} with a fresh local context; returns the response JSON. */
    public static String invoke(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                String eventJson) {
        String name = handler.getClass().getSimpleName();
        return new LambdaInvoker(name, handler).invoke(eventJson, new LocalLambdaContext(name, "us-east-1"));
    }

    public String functionName() {
        return functionName;
    }

    /** Event JSON in, response JSON out; whatever the handler throws propagates. */
    public String invoke(String eventJson, Context context) {
        // Metered from event in to response out, as Lambda bills it (GET /_local/usage).
        return LocalUsage.jvm().functions().measure(functionName, () -> {
            APIGatewayV2HTTPEvent event = events.fromJson(eventJson);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, context);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            responses.toJson(response, json);
            return json.toString(StandardCharsets.UTF_8);
        });
    }
}
