package io.cognate.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.bench.load.LoadTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's conflict counts agree with the records it lists. The ten-minute runs of
 * docs/chaos/*-conflicts.json reported 9 and 15 conflicts detected beside 8 records each: the
 * stack's {@code detected} counts every region that recorded a conflict in its own Control table
 * before another region's record of it arrived (after a split heals both sides receive each
 * other's copy, and with three regions the third receives both), while the records, one per id,
 * are the conflicts.
 */
class DetectedConflictsTest {

    /** One record, as {@code GET /_local/conflicts} lists it, found in {@code region} at {@code detectedAt}. */
    private static String record(String id, String region, String detectedAt) {
        return """
                {"id": "%s", "kind": "STALE_LEADER_WRITE", "pk": "USER#%s", "detectedIn": "%s", "detectedAt": "%s",
                 "status": "RESOLVED", "loser": {"writerRegion": "us-east-1", "epoch": 4, "attributes": {}}}
                """.formatted(id, id, region, detectedAt);
    }

    @Test
    void aConflictFoundInEveryRegionIsOneConflictDetectedAndTheDetectionsAreCountedApart() throws Exception {
        // Three regions after a split: two conflicts, the first found in all three, the second in two.
        var answer = LoadTarget.json().readTree("""
                {"detected": 5, "undelivered": 0, "conflicts": [%s, %s]}
                """.formatted(record("a1", "eu-west-1", "2026-12-02T18:14:42.125Z"),
                record("b2", "ap-southeast-2", "2026-12-02T18:14:42.900Z")));

        DetectedConflicts.Found found = DetectedConflicts.parse(answer);

        assertThat(found.detected()).isEqualTo(2).isEqualTo(found.resolved() + found.pending());
        assertThat(found.detections()).isEqualTo(5);
        assertThat(found.conflicts().getFirst().detectedAt()).isEqualTo(1_796_235_282_125L);
    }

    @Test
    void theReportsConflictsDetectedIsTheNumberOfConflictsItLists() {
        var conflict = new DetectedConflicts.Conflict("a1", "STALE_LEADER_WRITE", "USER#a1", "RESOLVED", "us-east-1", 4,
                null, "{}", null, null);
        var found = new DetectedConflicts.Found(3, "endpoint", List.of(conflict));
        var check = new LedgerCheck.Result(0, 0, List.of(), List.of("us-east-1", "eu-west-1", "ap-southeast-2"));

        Map<String, Object> json = new ChaosReport(3, 60, 60_000, 4, new Ledger(), check, new Tally(), List.of(), 0,
                List.of(), found, List.of(), 0, Map.of()).toJson();

        assertThat(json.get("conflictsDetected")).isEqualTo(1L);
        assertThat((List<?>) json.get("conflicts")).hasSize(1);
        assertThat(json.get("conflictsResolved")).isEqualTo(1L);
        assertThat(json.get("conflictDetections")).isEqualTo(3L);
    }

    @Test
    void withoutTheEndpointNothingIsDetected() throws Exception {
        DetectedConflicts.Found found = DetectedConflicts.parse(LoadTarget.json().readTree("{\"error\": \"no\"}"));

        assertThat(found.detection()).isEqualTo("unavailable");
        assertThat(found.detected()).isZero();
        assertThat(found.detections()).isZero();
    }
}
