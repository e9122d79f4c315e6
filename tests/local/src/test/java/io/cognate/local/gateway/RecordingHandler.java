package io.cognate.local.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A test function: remembers every event and context it got, and answers with a fixed or computed response. */
final class RecordingHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    final List<APIGatewayV2HTTPEvent> events = new CopyOnWriteArrayList<>();
    final List<Context> contexts = new CopyOnWriteArrayList<>();
    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> answer;

    RecordingHandler(Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> answer) {
        this.answer = answer;
    }

    /** Answers 200 with the request body echoed back. */
    static RecordingHandler echo() {
        return new RecordingHandler(event -> APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/plain"))
                .withBody(event.getBody())
                .withIsBase64Encoded(event.getIsBase64Encoded())
                .build());
    }

    /** Answers 200 with a plain-text {@code text}. */
    static RecordingHandler saying(String text) {
        return new RecordingHandler(event -> APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/plain"))
                .withBody(text)
                .build());
    }

    APIGatewayV2HTTPEvent lastEvent() {
        return events.getLast();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        events.add(event);
        contexts.add(context);
        return answer.apply(event);
    }
}
