package io.cognate.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sample events, like those kept in events/, go through the Lambda runtime's real deserialization. */
class LocalSampleEventTest {

    private final RecordingHandler greeter = new RecordingHandler(event -> APIGatewayV2HTTPResponse.builder()
            .withStatusCode(200)
            .withHeaders(Map.of("Content-Type", "application/json"))
            .withBody("{\"hello\":\"" + event.getQueryStringParameters().get("name") + "\"}")
            .build());

    @Test
    void sampleEventRunsThroughTheGateway() throws IOException {
        try (LocalApiGateway gateway = new LocalApiGateway("eu-west-1", 0).route("GET /greeting", greeter)) {
            GatewayResponse response = gateway.invoke(sample("http-api-get-greeting.json"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.header("content-type")).hasValue("application/json");
            assertThat(response.bodyAsString()).isEqualTo("{\"hello\":\"alice\"}");
            APIGatewayV2HTTPEvent event = greeter.lastEvent();
            assertThat(event.getHeaders()).containsEntry("accept", "application/json");
            assertThat(event.getCookies()).containsExactly("theme=dark");
            assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("203.0.113.7");
            assertThat(event.getRequestContext().getTimeEpoch()).isEqualTo(1583348638390L);
        }
    }

    @Test
    void sampleEventForAnUnknownRouteIsNotFound() throws IOException {
        try (LocalApiGateway gateway = new LocalApiGateway("eu-west-1", 0)) {
            assertThat(gateway.invoke(sample("http-api-get-greeting.json")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void handlerCanBeInvokedDirectlyWithJson() throws IOException {
        String responseJson = LambdaInvoker.invoke(greeter, sample("http-api-get-greeting.json"));

        assertThat(responseJson).contains("\"statusCode\":200").contains("{\\\"hello\\\":\\\"alice\\\"}");
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = LocalSampleEventTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
