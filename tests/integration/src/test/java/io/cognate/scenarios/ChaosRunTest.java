package io.cognate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.bench.chaos.ChaosReport;
import io.cognate.bench.chaos.ChaosRun;
import io.cognate.bench.chaos.FaultKind;
import io.cognate.bench.chaos.Ledger;
import io.cognate.bench.chaos.LedgerCheck;
import io.cognate.bench.load.LoadRun;
import io.cognate.bench.load.LoadTarget;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./cognate chaos} in short: 30 s of the mixed workload through the front door of a fresh
 * two-region stack (its own: the run moves the leader, which the shared stack's suites must not
 * see), with the local failover timing and its scheduler, while a planned switchover and a
 * failback play. No acknowledged write may be lost, every fault must reach writable again, and
 * the JSON report must carry its members. Then the check itself is shown to fail on writes the
 * pool never holds, so a "0 lost" cannot come from a check that looks at nothing.
 */
class ChaosRunTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void aPlannedSwitchoverAndFailbackUnderTheMixedWorkloadLoseNoAcknowledgedWrite() throws Exception {
        LocalOptions options = LocalOptions.parse("--front-port", "0", "--regions", "us-east-1:0,eu-west-1:0");
        try (LocalCognate stack = LocalCognate.start(options, QUIET);
             LoadTarget target = LoadTarget.local(stack.frontDoorEndpoint())) {
            var settings = new ChaosRun.Settings(Duration.ofSeconds(30), 3, List.of(FaultKind.SWITCHOVER, FaultKind.FAILBACK));
            ChaosReport report = new ChaosRun(stack, target, settings, new LoadRun.ProgressLine(QUIET, false, "chaos")).run();
            JsonNode json = LoadTarget.json().valueToTree(report.toJson());

            assertThat(json.path("acknowledged").asLong()).isPositive();
            assertThat(json.path("lost").asLong()).as(report.toTable()).isZero();
            assertThat(json.path("lostWrites").size()).isZero();
            assertThat(json.path("checked").asLong()).isEqualTo(json.path("acknowledged").asLong());
            assertThat(json.path("checkedRegions")).hasSize(2);
            assertThat(json.has("conflictsDetected")).isTrue();
            assertThat(json.path("conflictDetection").asText()).isIn("unavailable", "endpoint", "status-page");
            assertThat(json.path("doubleLeaderMs").isNumber()).isTrue();
            assertThat(json.path("faults")).hasSize(2);
            assertThat(json.path("faults").get(0).path("kind").asText()).isEqualTo("switchover");
            assertThat(json.path("faults").get(1).path("kind").asText()).isEqualTo("failback");
            for (JsonNode fault : json.path("faults")) {
                assertThat(fault.path("writableAfterMs").isNumber()).as(fault.toString()).isTrue();
                assertThat(fault.path("flippedAfterMs").isNumber()).as(fault.toString()).isTrue();
                assertThat(fault.has("clientErrors")).isTrue();
                assertThat(fault.has("clientErrorWindowMs")).isTrue();
                assertThat(fault.path("outcome").asText()).contains("PROMOTED").contains("FENCED");
            }
            assertThat(json.path("faults").get(1).path("flippedTo").asText()).isEqualTo("us-east-1");
            assertThat(stack.activeRegion()).isEqualTo("us-east-1");

            // The check fails on what the pool does not hold: a user never made, a name and a password never set.
            Ledger.Entry made = report.ledger().entries().stream()
                    .filter(e -> e.kind() == Ledger.Kind.SIGN_UP).findFirst().orElseThrow();
            Ledger untrue = new Ledger();
            untrue.acknowledge(Ledger.Kind.SIGN_UP, "chaos-never-made", "00000000-0000-0000-0000-000000000000", 0, 0,
                    "us-east-1", "invented");
            untrue.acknowledge(Ledger.Kind.ATTRIBUTE, made.username(), "a name never written", 0, 0, "us-east-1", "invented");
            untrue.acknowledge(Ledger.Kind.PASSWORD, made.username(), "Never-Set-Password-1", 0, 0, "us-east-1", "invented");
            LedgerCheck.Result result = new LedgerCheck(stack).check(untrue);
            assertThat(result.lostWrites()).isEqualTo(3);
            assertThat(result.lost()).hasSize(6) // each of the three, in each region
                    .extracting(LedgerCheck.LostWrite::found)
                    .contains("no such user", "another password");
        }
    }
}
