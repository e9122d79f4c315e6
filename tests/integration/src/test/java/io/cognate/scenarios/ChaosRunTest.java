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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./cognate chaos} in short: 30 s of the mixed workload through the front door of a fresh
 * two-region stack (its own: the run moves the leader, which the shared stack's suites must not
 * see), with the local failover timing and its scheduler, while a split brain and then a planned
 * failback play. In the split, eu-west-1's health-check takes over while us-east-1 still believes
 * it leads, and the same users are written at both: the writes the old leader acknowledged last
 * are lost to the higher epoch, and every one of them must be held by a conflict record (none
 * silently lost); the failback must lose nothing. Then the check and the verdict are shown to fail
 * on writes the pool never holds, so a "0 silently lost" cannot come from a check that looks at
 * nothing or a verdict that excuses everything.
 */
class ChaosRunTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void aSplitBrainsLostWritesAreAllReportedAndThePlannedFailbackLosesNone() throws Exception {
        LocalOptions options = LocalOptions.parse("--front-port", "0", "--regions", "us-east-1:0,eu-west-1:0");
        try (LocalCognate stack = LocalCognate.start(options, QUIET);
             LoadTarget target = LoadTarget.local(stack.frontDoorEndpoint())) {
            // The mixed workload keeps writing while the split is held, so users are forked at
            // random as well as on purpose: the promoted leader writing one user twice around the
            // old leader's write included (a CI run once lost two password changes silently that
            // way, before items carried the ancestor stamp).
            var settings = new ChaosRun.Settings(Duration.ofSeconds(30), 3, List.of(FaultKind.SPLIT_BRAIN, FaultKind.FAILBACK),
                    true);
            ChaosReport report = new ChaosRun(stack, target, settings, new LoadRun.ProgressLine(QUIET, false, "chaos")).run();
            JsonNode json = LoadTarget.json().valueToTree(report.toJson());
            String table = report.toTable();
            // The whole report, for a failure's reader.
            Files.writeString(Path.of("target", "chaos-run-test.txt"), table + "\n" + json.toPrettyString());

            assertThat(json.path("acknowledged").asLong()).isPositive();
            assertThat(json.path("checked").asLong()).isEqualTo(json.path("acknowledged").asLong());
            assertThat(json.path("checkedRegions")).hasSize(2);
            JsonNode split = json.path("faults").get(0);
            assertThat(split.path("kind").asText()).isEqualTo("split-brain");
            assertThat(split.path("outcome").asText()).as(table).contains("eu-west-1 took over while us-east-1 still led");
            assertThat(split.path("flippedTo").asText()).isEqualTo("eu-west-1");
            assertThat(json.path("conflictDetection").asText()).isEqualTo("endpoint");
            assertThat(json.path("conflictsDetected").asLong()).as(table).isPositive();
            // The old leader wrote some users last: those writes are lost, and each is reported.
            assertThat(json.path("lost").asLong()).as(table).isPositive();
            assertThat(json.path("silentlyLost").asLong()).as(table).isZero();
            assertThat(json.path("lostReported").asLong()).isEqualTo(json.path("lost").asLong());
            assertThat(json.path("lostVerdicts")).allSatisfy(verdict ->
                    assertThat(verdict.path("conflictId").asText()).isNotBlank());
            assertThat(report.failure()).as(table).isEmpty();

            JsonNode failback = json.path("faults").get(1);
            assertThat(failback.path("kind").asText()).isEqualTo("failback");
            assertThat(failback.path("outcome").asText()).contains("PROMOTED").contains("FENCED");
            assertThat(failback.path("flippedTo").asText()).isEqualTo("us-east-1");
            assertThat(failback.path("lost").asLong()).as(table).isZero();
            assertThat(json.path("lostInPlannedMoves").asLong()).isZero();
            for (JsonNode fault : json.path("faults")) {
                assertThat(fault.path("writableAfterMs").isNumber()).as(fault.toString()).isTrue();
                assertThat(fault.path("flippedAfterMs").isNumber()).as(fault.toString()).isTrue();
                assertThat(fault.has("clientErrors")).isTrue();
                assertThat(fault.has("clientErrorWindowMs")).isTrue();
            }
            assertThat(json.path("doubleLeaderMs").isNumber()).isTrue();
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
            // No conflict record holds a write that never happened: all three would be silently lost.
            assertThat(report.silentlyLost(untrue, result)).isEqualTo(3);
        }
    }
}
