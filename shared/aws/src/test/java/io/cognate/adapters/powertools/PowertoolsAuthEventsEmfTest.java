package io.cognate.adapters.powertools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The EMF documents Powertools writes for each event: what CloudWatch turns into metrics. */
class PowertoolsAuthEventsEmfTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final PowertoolsAuthEvents events = new PowertoolsAuthEvents(
            new SerialisingEnvironment("test", lines::addAll), "Cognate", "cognate-identity", "eu-west-1");

    @Test
    void aSignInIsOneCountInTheNamespaceWithServiceAndRegionDimensions() throws Exception {
        events.signInSucceeded();

        JsonNode emf = single();
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(emf.path("_aws").path("Timestamp").isNumber()).isTrue();
        assertThat(directive.path("Namespace").asText()).isEqualTo("Cognate");
        assertThat(directive.path("Dimensions").get(0).toString()).isEqualTo("[\"Service\",\"Region\"]");
        assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("SignInSucceeded");
        assertThat(directive.path("Metrics").get(0).path("Unit").asText()).isEqualTo("Count");
        assertThat(emf.path("SignInSucceeded").asDouble()).isEqualTo(1.0);
        assertThat(emf.path("Service").asText()).isEqualTo("cognate-identity");
        assertThat(emf.path("Region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void eachEventIsItsOwnDocumentWithOnlyItsMetric() throws Exception {
        events.signInFailed();
        events.accountLocked();
        events.promoted(7);

        assertThat(lines).hasSize(3);
        JsonNode failed = JSON.readTree(lines.get(0));
        JsonNode locked = JSON.readTree(lines.get(1));
        JsonNode promoted = JSON.readTree(lines.get(2));
        assertThat(failed.path("SignInFailed").asDouble()).isEqualTo(1.0);
        assertThat(failed.has("AccountLocked")).isFalse();
        assertThat(locked.path("AccountLocked").asDouble()).isEqualTo(1.0);
        assertThat(promoted.path("RegionPromoted").asDouble()).isEqualTo(1.0);
        assertThat(promoted.path("epoch").asLong()).as("metadata, not a dimension").isEqualTo(7);
        assertThat(promoted.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString())
                .doesNotContain("epoch");
    }

    @Test
    void replicationLagIsInMillisecondsPerPeerRegion() throws Exception {
        events.replicationLag("us-east-1", Duration.ofMillis(1234));

        JsonNode emf = single();
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("ReplicationLag");
        assertThat(directive.path("Metrics").get(0).path("Unit").asText()).isEqualTo("Milliseconds");
        assertThat(directive.path("Dimensions").toString()).contains("PeerRegion");
        assertThat(emf.path("ReplicationLag").asDouble()).isEqualTo(1234.0);
        assertThat(emf.path("PeerRegion").asText()).isEqualTo("us-east-1");
        assertThat(emf.path("Region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void aRefusedAdminRequestIsCountedByTheCheckThatFailed() throws Exception {
        events.adminRequestRefused("signature");

        JsonNode emf = single();
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("AdminRequestRefused");
        assertThat(directive.path("Dimensions").toString()).contains("Reason");
        assertThat(emf.path("AdminRequestRefused").asDouble()).isEqualTo(1.0);
        assertThat(emf.path("Reason").asText()).isEqualTo("signature");
    }

    @Test
    void primingRunsThePathButPublishesNothing() {
        events.prime();
        assertThat(lines).isEmpty();
        events.signInSucceeded();
        assertThat(lines).hasSize(1);
    }

    private JsonNode single() throws Exception {
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.get(0));
    }
}
