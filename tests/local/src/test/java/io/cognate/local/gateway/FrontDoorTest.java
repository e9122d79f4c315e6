package io.cognate.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrontDoorTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final RecordingHandler primaryHandler = regionAnswer("us-east-1");
    private final RecordingHandler secondaryHandler = regionAnswer("eu-west-1");
    private final LocalApiGateway primary = new LocalApiGateway("us-east-1", 0)
            .route("ANY /{proxy+}", "api", primaryHandler).start();
    private final LocalApiGateway secondary = new LocalApiGateway("eu-west-1", 0)
            .route("ANY /{proxy+}", "api", secondaryHandler).start();
    private final AtomicReference<URI> active = new AtomicReference<>(primary.uri());
    private final AtomicInteger lookups = new AtomicInteger();
    private final FrontDoor frontDoor = new FrontDoor(0, () -> {
        lookups.incrementAndGet();
        return active.get();
    }).start();

    @AfterEach
    void stop() {
        frontDoor.close();
        primary.close();
        secondary.close();
        http.close();
    }

    @Test
    void followsTheActiveRegionAsItChanges() throws Exception {
        HttpResponse<String> first = send(get("/whoami"));
        active.set(secondary.uri());
        HttpResponse<String> second = send(get("/whoami"));
        active.set(primary.uri());
        HttpResponse<String> third = send(get("/whoami"));

        assertThat(List.of(first.body(), second.body(), third.body()))
                .containsExactly("us-east-1", "eu-west-1", "us-east-1");
        assertThat(second.headers().firstValue(FrontDoor.UPSTREAM_HEADER)).hasValue(secondary.uri().toString());
        assertThat(primaryHandler.events).hasSize(2);
        assertThat(secondaryHandler.events).hasSize(1);
    }

    @Test
    void passesTheRequestThroughUnchanged() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(frontDoor.uri() + "/sign/in?client=web&x=%2F"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
                .header("Cookie", "a=1")
                .POST(BodyPublishers.ofString("{\"AuthFlow\":\"USER_PASSWORD_AUTH\"}"))
                .build();

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().allValues("set-cookie")).containsExactly("region=us-east-1");
        assertThat(response.headers().firstValue("x-region")).hasValue("us-east-1");
        var event = primaryHandler.lastEvent();
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getRawPath()).isEqualTo("/sign/in");
        assertThat(event.getRawQueryString()).isEqualTo("client=web&x=%2F");
        assertThat(event.getBody()).isEqualTo("{\"AuthFlow\":\"USER_PASSWORD_AUTH\"}");
        assertThat(event.getHeaders())
                .containsEntry("x-amz-target", "AWSCognitoIdentityProviderService.InitiateAuth")
                .containsEntry("content-type", "application/x-amz-json-1.1")
                .containsEntry("x-forwarded-host", "127.0.0.1:" + frontDoor.port())
                .doesNotContainKey("connection");
        assertThat(event.getCookies()).containsExactly("a=1");
        assertThat(event.getRequestContext().getDomainName()).isEqualTo("127.0.0.1:" + frontDoor.port());
    }

    @Test
    void streamedUploadsArriveWhole() throws Exception {
        String body = "{\"payload\":\"" + "x".repeat(100_000) + "\"}";
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(frontDoor.uri() + "/upload"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body.getBytes())))
                .build();

        assertThat(send(chunked).statusCode()).isEqualTo(202);
        assertThat(primaryHandler.lastEvent().getBody()).isEqualTo(body);
    }

    @Test
    void regionalErrorsPassThrough() throws Exception {
        primary.setUnavailable(true);

        HttpResponse<String> response = send(get("/whoami"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
    }

    @Test
    void oversizedPayloadIsRefusedByTheRegionalGateway() throws Exception {
        byte[] body = new byte[LocalApiGateway.MAX_PAYLOAD_BYTES + 1];

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(frontDoor.uri() + "/upload"))
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(body)).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(primaryHandler.events).isEmpty();
    }

    @Test
    void unreachableRegionIsBadGateway() throws Exception {
        active.set(URI.create("http://127.0.0.1:" + unusedPort()));

        HttpResponse<String> response = send(get("/whoami"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"message\":\"Bad Gateway");
    }

    @Test
    void stoppedRegionIsBadGateway() throws Exception {
        assertThat(send(get("/whoami")).statusCode()).isEqualTo(200); // leaves a pooled connection behind
        primary.close();

        assertThat(send(get("/whoami")).statusCode()).isEqualTo(502);
    }

    @Test
    void localPathsAreServedByTheFrontDoorItself() throws Exception {
        frontDoor.register("/_local/config", FrontDoor.json(() -> Map.of("activeRegion", "us-east-1")));
        int lookupsBefore = lookups.get();

        HttpResponse<String> config = send(get("/_local/config"));
        HttpResponse<String> unknown = send(get("/_local/nothing-here"));

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(config.body()).isEqualTo("{\"activeRegion\":\"us-east-1\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(lookups.get()).isEqualTo(lookupsBefore);
        assertThat(primaryHandler.events).isEmpty();
    }

    @Test
    void localHandlersMustLiveUnderTheLocalPrefix() {
        assertThatThrownBy(() -> frontDoor.register("/config", FrontDoor.json(Map::of)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static RecordingHandler regionAnswer(String region) {
        return new RecordingHandler(event -> APIGatewayV2HTTPResponse.builder()
                .withStatusCode(event.getRawPath().equals("/whoami") ? 200 : 202)
                .withHeaders(Map.of("Content-Type", "text/plain", "X-Region", region))
                .withCookies(List.of("region=" + region))
                .withBody(region)
                .build());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(frontDoor.uri() + path)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, BodyHandlers.ofString());
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
