package io.cognate.local.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cognate.local.LocalCredentials;
import io.cognate.local.events.LocalEvent;
import io.cognate.local.route53.LocalRoute53;
import io.cognate.local.route53.RecordSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * The parts of the LocalStack mode that run without a Docker engine: its Route 53 reader over
 * the real SDK against an endpoint speaking Route 53's wire protocol (the stack's own), and the
 * reading of events as EventBridge hands them to an SQS target.
 */
class LocalStackGlueTest {
    private static LocalRoute53 route53Endpoint;
    private static LocalStackRoute53 zones;
    private static Route53Client writer;

    @BeforeAll
    static void start() {
        route53Endpoint = new LocalRoute53(0, Clock.systemUTC()).start();
        zones = new LocalStackRoute53(new LocalStackEndpoint(route53Endpoint.endpoint()));
        writer = Route53Client.builder().endpointOverride(route53Endpoint.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(LocalCredentials.PROVIDER).build();
    }

    @AfterAll
    static void stop() {
        writer.close();
        zones.close();
        route53Endpoint.close();
    }

    @Test
    void findsThePoolRecordInAZoneItCreated() {
        String zoneId = zones.createZone("glue.example");
        assertThat(zoneId).doesNotStartWith("/hostedzone/");
        assertThat(zones.find(zoneId, "auth.glue.example", "CNAME")).isEmpty();

        writer.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(c -> c.changes(ch -> ch
                .action(ChangeAction.UPSERT).resourceRecordSet(r -> r.name("auth.glue.example").type(RRType.CNAME).ttl(5L)
                        .resourceRecords(v -> v.value("d-abc.execute-api.eu-west-1.amazonaws.com"))))));
        writer.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(c -> c.changes(ch -> ch
                .action(ChangeAction.UPSERT).resourceRecordSet(r -> r.name("zzz.glue.example").type(RRType.CNAME).ttl(5L)
                        .resourceRecords(v -> v.value("elsewhere.example"))))));

        RecordSet found = zones.find(zoneId, "AUTH.glue.example.", "CNAME").orElseThrow();
        assertThat(found.target()).contains("d-abc.execute-api.eu-west-1.amazonaws.com");
        assertThat(found.ttl()).contains(5L);
        assertThat(zones.find(zoneId, "auth.glue.example", "A")).isEmpty();
        // The same zone as the stack's own Route 53 sees it: one id for both.
        assertThat(route53Endpoint.find(zoneId, "auth.glue.example", "CNAME")).isPresent();
        assertThat(zones.endpoint()).isEqualTo(route53Endpoint.endpoint());
    }

    @Test
    void readsAnEventAsEventBridgeDeliversItToAQueue() throws Exception {
        var body = new ObjectMapper().readTree(Files.readString(Path.of("..", "..", "events", "health-check", "switchover-requested.json")));
        LocalEvent event = LocalStackEvents.fromTargetMessage(body, "cognate-local", "eu-west-1");
        assertThat(event.id()).isEqualTo("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
        assertThat(event.source()).isEqualTo("cognate.operations");
        assertThat(event.detailType()).isEqualTo("SwitchoverRequested");
        assertThat(event.detailText("to")).isEqualTo("us-east-1");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(event.region()).isEqualTo("us-east-1"); // the event's own region, not the queue's
        assertThat(event.eventBusName()).isEqualTo("cognate-local");
    }
}
