package io.cognate.adapters.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The EMF documents written for each event: what CloudWatch turns into metrics, read back with an
 * independent JSON parser and held equal to the documents Powertools Metrics (2.x) wrote for the
 * same events, captured from it before it was replaced.
 */
class EmfAuthEventsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1796282794576L), ZoneOffset.UTC);

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final EmfAuthEvents events = new EmfAuthEvents("Cognate", "cognate-identity", "eu-west-1",
            lines::add, CLOCK);

    @Test
    void eachEventIsTheDocumentPowertoolsMetricsWrote() throws Exception {
        events.signInSucceeded();
        events.promoted(7);
        events.replicationLag("us-east-1", Duration.ofMillis(1234));
        events.adminRequestRefused("signature");
        events.replicationConflict("DELETE_AGAINST_CHANGE");

        String head = "{\"_aws\":{\"Timestamp\":1796282794576,\"CloudWatchMetrics\":[{\"Namespace\":\"Cognate\",";
        List<String> powertools = List.of(
                head + "\"Metrics\":[{\"Name\":\"SignInSucceeded\",\"Unit\":\"Count\"}],\"Dimensions\":[[\"Service\","
                        + "\"Region\"]]}]},\"Service\":\"cognate-identity\",\"Region\":\"eu-west-1\",\"SignInSucceeded\":1.0}",
                head + "\"Metrics\":[{\"Name\":\"RegionPromoted\",\"Unit\":\"Count\"}],\"Dimensions\":[[\"Service\","
                        + "\"Region\"]]}]},\"Service\":\"cognate-identity\",\"Region\":\"eu-west-1\",\"epoch\":7,"
                        + "\"RegionPromoted\":1.0}",
                head + "\"Metrics\":[{\"Name\":\"ReplicationLag\",\"Unit\":\"Milliseconds\"}],\"Dimensions\":[[\"Service\","
                        + "\"Region\"],[\"PeerRegion\"]]}]},\"Service\":\"cognate-identity\",\"Region\":\"eu-west-1\","
                        + "\"ReplicationLag\":1234.0,\"PeerRegion\":\"us-east-1\"}",
                head + "\"Metrics\":[{\"Name\":\"AdminRequestRefused\",\"Unit\":\"Count\"}],\"Dimensions\":[[\"Service\","
                        + "\"Region\"],[\"Reason\"]]}]},\"Service\":\"cognate-identity\",\"Region\":\"eu-west-1\","
                        + "\"Reason\":\"signature\",\"AdminRequestRefused\":1.0}",
                head + "\"Metrics\":[{\"Name\":\"ReplicationConflict\",\"Unit\":\"Count\"}],\"Dimensions\":[[\"Service\","
                        + "\"Region\"],[\"Kind\"]]}]},\"Service\":\"cognate-identity\",\"Region\":\"eu-west-1\","
                        + "\"ReplicationConflict\":1.0,\"Kind\":\"DELETE_AGAINST_CHANGE\"}");
        assertThat(lines).hasSize(powertools.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(JSONObjectUtils.parse(lines.get(i))).as(lines.get(i))
                    .isEqualTo(JSONObjectUtils.parse(powertools.get(i)));
        }
    }

    @Test
    void eachEventIsItsOwnDocumentWithOnlyItsMetric() throws Exception {
        events.signInFailed();
        events.accountLocked();
        events.authEventNotRecorded();
        events.replicationConflictNotPublished();

        assertThat(lines).hasSize(4);
        Map<String, Object> failed = JSONObjectUtils.parse(lines.get(0));
        assertThat(failed).containsEntry("SignInFailed", 1.0).doesNotContainKey("AccountLocked");
        assertThat(JSONObjectUtils.parse(lines.get(1))).containsEntry("AccountLocked", 1.0);
        assertThat(JSONObjectUtils.parse(lines.get(2))).containsEntry("AuthEventNotRecorded", 1.0);
        assertThat(JSONObjectUtils.parse(lines.get(3))).containsEntry("ReplicationConflictNotPublished", 1.0);
    }

    @Test
    void dimensionValuesAreJsonStringsWhateverTheyHold() throws Exception {
        events.adminRequestRefused("quote\" backslash\\ newline\n");

        assertThat(JSONObjectUtils.parse(lines.get(0))).containsEntry("Reason", "quote\" backslash\\ newline\n");
    }

    @Test
    void primingRunsThePathButPublishesNothing() {
        events.prime();
        assertThat(lines).isEmpty();
        events.signInSucceeded();
        assertThat(lines).hasSize(1);
    }
}
