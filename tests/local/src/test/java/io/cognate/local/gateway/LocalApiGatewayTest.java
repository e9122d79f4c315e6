package io.cognate.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalApiGatewayTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final RecordingHandler echo = RecordingHandler.echo();
    private final LocalApiGateway gateway = new LocalApiGateway("us-east-1", 0)
            .route("ANY /demo/{proxy+}", "demo", echo)
            .start();

    @AfterEach
    void stop() {
        gateway.close();
        http.close();
    }

    @Test
    void handlerReceivesTheRequestAsAnHttpApiPayload2Event() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve("/demo/a/b?x=1&x=2&y=%20z"))
                .header("Content-Type", "application/json")
                .header("X-Custom-Header", "Value")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .header("Cookie", "session=abc; theme=dark")
                .header("User-Agent", "gateway-test")
                .POST(BodyPublishers.ofString("{\"hello\":\"world\"}"))
                .build();

        HttpResponse<String> response = http.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        APIGatewayV2HTTPEvent event = echo.lastEvent();
        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("ANY /demo/{proxy+}");
        assertThat(event.getRawPath()).isEqualTo("/demo/a/b");
        assertThat(event.getRawQueryString()).isEqualTo("x=1&x=2&y=%20z");
        assertThat(event.getQueryStringParameters()).containsExactly(Map.entry("x", "1,2"), Map.entry("y", " z"));
        assertThat(event.getPathParameters()).containsExactly(Map.entry("proxy", "a/b"));
        assertThat(event.getHeaders().keySet()).allSatisfy(name -> assertThat(name).isLowerCase());
        assertThat(event.getHeaders())
                .containsEntry("x-custom-header", "Value")
                .containsEntry("x-multi", "one,two")
                .containsEntry("content-type", "application/json")
                .containsKey("x-forwarded-for")
                .doesNotContainKey("cookie");
        assertThat(event.getCookies()).containsExactly("session=abc", "theme=dark");
        assertThat(event.getBody()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(event.getIsBase64Encoded()).isFalse();

        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        assertThat(context.getHttp().getMethod()).isEqualTo("POST");
        assertThat(context.getHttp().getPath()).isEqualTo("/demo/a/b");
        assertThat(context.getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(context.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(context.getHttp().getUserAgent()).isEqualTo("gateway-test");
        assertThat(context.getRouteKey()).isEqualTo("ANY /demo/{proxy+}");
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getApiId()).isEqualTo(gateway.apiId());
        assertThat(context.getAccountId()).matches("\\d{12}");
        assertThat(context.getDomainName()).isEqualTo("127.0.0.1:" + gateway.port());
        assertThat(context.getRequestId()).isNotBlank();
        assertThat(context.getTime()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.getTimeEpoch()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));

        assertThat(echo.contexts.getLast().getFunctionName()).isEqualTo("demo");
        assertThat(echo.contexts.getLast().getRemainingTimeInMillis()).isPositive();
    }

    @Test
    void binaryBodiesArriveBase64Encoded() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve("/demo/upload"))
                .header("Content-Type", "application/octet-stream")
                .PUT(BodyPublishers.ofByteArray(bytes))
                .build();

        HttpResponse<byte[]> response = http.send(request, BodyHandlers.ofByteArray());

        APIGatewayV2HTTPEvent event = echo.lastEvent();
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(bytes);
        // The echo answers base64 too, which the gateway decodes for the client.
        assertThat(response.body()).isEqualTo(bytes);
    }

    @Test
    void textualContentTypesStayText() throws Exception {
        for (String type : List.of("application/x-amz-json-1.1", "text/plain; charset=utf-8",
                "application/x-www-form-urlencoded")) {
            http.send(HttpRequest.newBuilder(gateway.uri().resolve("/demo/x"))
                    .header("Content-Type", type).POST(BodyPublishers.ofString("a=b")).build(), BodyHandlers.discarding());

            assertThat(echo.lastEvent().getIsBase64Encoded()).as(type).isFalse();
            assertThat(echo.lastEvent().getBody()).as(type).isEqualTo("a=b");
        }
    }

    @Test
    void handlerResponseReachesTheClient() throws Exception {
        gateway.route("GET /greeting", new RecordingHandler(event -> APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "application/json", "X-Answer", "42"))
                .withMultiValueHeaders(Map.of("X-Many", List.of("a", "b")))
                .withCookies(List.of("session=xyz; HttpOnly", "theme=light"))
                .withBody("{\"greeting\":\"hi\"}")
                .build()));

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri().resolve("/greeting")).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-answer")).hasValue("42");
        assertThat(response.headers().allValues("x-many")).containsExactly("a", "b");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("session=xyz; HttpOnly", "theme=light");
        assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
        assertThat(response.body()).isEqualTo("{\"greeting\":\"hi\"}");
    }

    @Test
    void everyRequestGetsItsOwnRequestId() throws Exception {
        for (int i = 0; i < 3; i++) {
            http.send(HttpRequest.newBuilder(gateway.uri().resolve("/demo/x")).build(), BodyHandlers.discarding());
        }

        assertThat(echo.events).extracting(event -> event.getRequestContext().getRequestId()).doesNotHaveDuplicates();
        assertThat(echo.contexts).extracting(context -> context.getAwsRequestId()).doesNotHaveDuplicates();
    }

    @Test
    void unknownRouteIsNotFound() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.uri().resolve("/nowhere")).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void methodMustMatchTheRoute() throws Exception {
        gateway.route("GET /only-get", RecordingHandler.saying("ok"));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.uri().resolve("/only-get"))
                .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void throwingHandlerIsAnInternalServerError() throws Exception {
        gateway.route("POST /", new RecordingHandler(event -> {
            throw new IllegalStateException("boom (expected by the test)");
        }));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.uri().resolve("/"))
                .POST(BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void unavailableGatewayAnswersServiceUnavailableUntilRestored() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve("/demo/x")).build();

        gateway.setUnavailable(true);
        HttpResponse<String> down = http.send(request, BodyHandlers.ofString());
        gateway.setUnavailable(false);
        HttpResponse<String> up = http.send(request, BodyHandlers.ofString());

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(echo.events).hasSize(1);
    }

    @Test
    void mostSpecificRouteWins() throws Exception {
        gateway.route("GET /demo/special", "special", RecordingHandler.saying("special"));

        assertThat(get("/demo/special").body()).isEqualTo("special");
        assertThat(get("/demo/special/deeper").statusCode()).isEqualTo(200);
        assertThat(echo.lastEvent().getPathParameters()).containsEntry("proxy", "special/deeper");
        assertThat(get("/demo").statusCode()).isEqualTo(404);
    }

    @Test
    void defaultRouteCatchesTheRest() throws Exception {
        gateway.route("$default", RecordingHandler.saying("fallback"));

        assertThat(get("/anything/else").body()).isEqualTo("fallback");
        assertThat(get("/demo/x").body()).isEmpty(); // still the echo route, with no body to echo
    }

    @Test
    void localRoutesAreServedByPlainHandlers() throws Exception {
        gateway.localRoute("/_local/ping", JsonHttp.json(() -> Map.of("pong", true)));

        HttpResponse<String> response = get("/_local/ping");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"pong\":true}");
    }

    @Test
    void declaredPayloadOverTenMegabytesIsRefusedWithoutReadingIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = socket.getOutputStream();
            // Only the headers are sent: the gateway must answer from Content-Length alone.
            out.write(("POST /demo/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (LocalApiGateway.MAX_PAYLOAD_BYTES + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();

            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
        assertThat(echo.events).isEmpty();
    }

    @Test
    void uploadOverTenMegabytesIsRefusedIntact() throws Exception {
        byte[] body = new byte[LocalApiGateway.MAX_PAYLOAD_BYTES + 1];

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.uri().resolve("/demo/upload"))
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
        assertThat(echo.events).isEmpty();
    }

    @Test
    void payloadOfExactlyTenMegabytesIsAccepted() throws Exception {
        byte[] body = new byte[LocalApiGateway.MAX_PAYLOAD_BYTES];

        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(gateway.uri().resolve("/demo/upload"))
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.uri() + path)).build(), BodyHandlers.ofString());
    }

    @Test
    void aThrottledRouteAnswers429WithoutInvokingItsFunctionUntilItsBucketRefills() throws Exception {
        var time = new io.cognate.testing.MutableClock(java.time.Instant.parse("2026-11-24T12:00:00Z"));
        RecordingHandler health = RecordingHandler.saying("ok");
        gateway.route("GET /health", "health", health).throttle("GET /health", 2, 3, time);
        HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve("/health")).GET().build();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(http.send(request, BodyHandlers.ofString()).statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        assertThat(health.events).hasSize(3);
        HttpResponse<String> throttled = http.send(request, BodyHandlers.ofString());
        assertThat(throttled.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        // Other routes are not throttled.
        assertThat(http.send(HttpRequest.newBuilder(gateway.uri().resolve("/demo/x")).GET().build(), BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);

        time.advance(java.time.Duration.ofMillis(500)); // one request's worth at 2 per second
        assertThat(http.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(http.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(429);
        time.advance(java.time.Duration.ofMinutes(1)); // refills to the burst, no further
        statuses.clear();
        for (int i = 0; i < 4; i++) {
            statuses.add(http.send(request, BodyHandlers.ofString()).statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429);
    }
}
