package io.cognate.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.gateway.FrontDoor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class LocalOutboxTest {

    private final LocalEventBridge bus = new LocalEventBridge(0).start();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Outbox outbox = new Outbox(new PrintStream(console, true, StandardCharsets.UTF_8));
    private final EventBridgeClient client = SdkClients.eventBridge(bus, "us-east-1");

    @AfterEach
    void stop() {
        client.close();
        bus.close();
    }

    @Test
    void collectsCodeDeliveryRequestsFromTheBus() {
        bus.subscribe(outbox);

        publish("CodeDeliveryRequested", codeDelivery("alice", "111111", "SignUp"));
        publish("UserSignedUp", "{\"username\":\"alice\"}");
        publish("CodeDeliveryRequested", codeDelivery("alice", "222222", "ForgotPassword"));

        assertThat(outbox.entries()).extracting(Outbox.Entry::code).containsExactly("111111", "222222");
        Outbox.Entry latest = outbox.entries().getLast();
        assertThat(latest.username()).isEqualTo("alice");
        assertThat(latest.destination()).isEqualTo("a***@example.com");
        assertThat(latest.deliveryMedium()).isEqualTo("EMAIL");
        assertThat(latest.purpose()).isEqualTo("ForgotPassword");
        assertThat(latest.region()).isEqualTo("eu-west-1");
        assertThat(latest.time()).isNotNull();
        assertThat(outbox.latestCodeFor("alice")).hasValue("222222");
        assertThat(outbox.latestCodeFor("bob")).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains(
                "outbox: code 111111 for alice -> a***@example.com (SignUp, eu-west-1)");
    }

    @Test
    void entriesIsACopy() {
        bus.subscribe(outbox);
        publish("CodeDeliveryRequested", codeDelivery("carol", "333333", "SignUp"));

        var snapshot = outbox.entries();
        publish("CodeDeliveryRequested", codeDelivery("carol", "444444", "SignUp"));

        assertThat(snapshot).hasSize(1);
        assertThat(outbox.entries()).hasSize(2);
    }

    @Test
    void servesTheOutboxAsJsonThroughTheFrontDoor() throws Exception {
        bus.subscribe(outbox);
        publish("CodeDeliveryRequested", codeDelivery("dave", "555555", "SignUp"));

        try (FrontDoor frontDoor = new FrontDoor(0, () -> null).start();
             HttpClient http = HttpClient.newHttpClient()) {
            frontDoor.register("/_local/outbox", outbox.httpHandler());
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(frontDoor.uri() + "/_local/outbox")).build(),
                    BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode entries = new ObjectMapper().readTree(response.body());
            assertThat(entries.isArray()).isTrue();
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).path("username").asText()).isEqualTo("dave");
            assertThat(entries.get(0).path("destination").asText()).isEqualTo("a***@example.com");
            assertThat(entries.get(0).path("code").asText()).isEqualTo("555555");
        }
    }

    private void publish(String detailType, String detail) {
        client.putEvents(request -> request.entries(PutEventsRequestEntry.builder()
                .source("io.cognate.identity").detailType(detailType).detail(detail).build()));
    }

    private static String codeDelivery(String username, String code, String purpose) {
        return """
                {"username":"%s","destination":"a***@example.com","deliveryMedium":"EMAIL",\
                "code":"%s","purpose":"%s","region":"eu-west-1"}""".formatted(username, code, purpose);
    }
}
