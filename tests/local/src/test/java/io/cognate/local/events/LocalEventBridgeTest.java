package io.cognate.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

class LocalEventBridgeTest {

    private final LocalEventBridge bus = new LocalEventBridge(0).start();
    private final List<LocalEvent> heard = new CopyOnWriteArrayList<>();
    private final EventBridgeClient client = SdkClients.eventBridge(bus, "us-east-1");

    @AfterEach
    void stop() {
        client.close();
        bus.close();
    }

    @Test
    void putEventsFromTheSdkReachListeners() {
        bus.subscribe(heard::add);
        Instant time = Instant.parse("2024-05-01T12:00:00.250Z");

        PutEventsResponse response = client.putEvents(request -> request.entries(
                PutEventsRequestEntry.builder()
                        .source("io.cognate.identity")
                        .detailType("UserSignedUp")
                        .detail("{\"username\":\"alice\",\"attempt\":1}")
                        .eventBusName("cognate")
                        .resources("arn:aws:cognito-idp:us-east-1:123456789012:userpool/local")
                        .time(time)
                        .build(),
                PutEventsRequestEntry.builder()
                        .source("io.cognate.identity")
                        .detailType("UserConfirmed")
                        .detail("{\"username\":\"alice\"}")
                        .build()));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(response.entries()).hasSize(2).allSatisfy(entry -> assertThat(entry.eventId()).isNotBlank());
        // Listeners run before PutEvents answers, so no waiting is needed.
        assertThat(heard).extracting(LocalEvent::detailType).containsExactly("UserSignedUp", "UserConfirmed");
        LocalEvent signedUp = heard.getFirst();
        assertThat(signedUp.id()).isEqualTo(response.entries().getFirst().eventId());
        assertThat(signedUp.source()).isEqualTo("io.cognate.identity");
        assertThat(signedUp.detail().path("username").asText()).isEqualTo("alice");
        assertThat(signedUp.detail().path("attempt").asInt()).isEqualTo(1);
        assertThat(signedUp.eventBusName()).isEqualTo("cognate");
        assertThat(signedUp.resources()).containsExactly("arn:aws:cognito-idp:us-east-1:123456789012:userpool/local");
        assertThat(signedUp.time()).isEqualTo(time);
        assertThat(signedUp.region()).isEqualTo("us-east-1");
        assertThat(heard.get(1).eventBusName()).isEqualTo("default");
        assertThat(bus.events()).containsExactlyElementsOf(heard);
    }

    @Test
    void regionComesFromTheCallersSignature() {
        try (EventBridgeClient west = SdkClients.eventBridge(bus, "eu-west-1")) {
            west.putEvents(request -> request.entries(entry("Ping", "{}")));
        }

        assertThat(bus.events()).singleElement().extracting(LocalEvent::region).isEqualTo("eu-west-1");
    }

    @Test
    void malformedEntriesFailOneByOne() {
        PutEventsResponse response = client.putEvents(request -> request.entries(
                entry("Good", "{\"ok\":true}"),
                entry("Bad", "not json"),
                PutEventsRequestEntry.builder().source("io.cognate.test").detail("{}").build()));

        assertThat(response.failedEntryCount()).isEqualTo(2);
        assertThat(response.entries().get(0).eventId()).isNotBlank();
        assertThat(response.entries().get(1).errorCode()).isEqualTo("MalformedDetail");
        assertThat(response.entries().get(2).errorCode()).isEqualTo("InvalidArgument");
        assertThat(bus.events()).extracting(LocalEvent::detailType).containsExactly("Good");
    }

    @Test
    void aFailingListenerDoesNotFailThePublisher() {
        bus.subscribe(event -> {
            throw new IllegalStateException("listener broke (expected by the test)");
        });
        bus.subscribe(heard::add);

        PutEventsResponse response = client.putEvents(request -> request.entries(entry("Ping", "{}")));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(heard).hasSize(1);
    }

    @Test
    void unknownTargetsAndMalformedBodiesAreValidationErrors() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(bus.endpoint().resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSEvents.ListRules")
                    .POST(BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString());
            HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(bus.endpoint().resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSEvents.PutEvents")
                    .POST(BodyPublishers.ofString("{\"Entries\":[")).build(), BodyHandlers.ofString());

            for (HttpResponse<String> response : List.of(unknown, malformed)) {
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(response.headers().firstValue("content-type")).hasValue("application/x-amz-json-1.1");
                assertThat(response.body()).contains("\"__type\":\"ValidationException\"").contains("\"message\":");
            }
        }
        assertThat(bus.events()).isEmpty();
    }

    private static PutEventsRequestEntry entry(String detailType, String detail) {
        return PutEventsRequestEntry.builder().source("io.cognate.test").detailType(detailType).detail(detail).build();
    }
}
