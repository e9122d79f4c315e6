package io.cognate.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a chaos run found: the table {@code ./cognate chaos} prints and the JSON {@code --report}
 * writes. {@code acknowledged} counts acknowledged writes (what {@code lost} is counted against);
 * {@code operationsAnswered} counts every call the pool answered, reads included.
 * {@code conflictsDetected} counts conflicts, one per record listed ({@code conflictsResolved} +
 * {@code conflictsPending}); {@code conflictDetections} counts the regions' detections, where one
 * conflict found in two or three regions counts two or three times.
 */
public final class ChaosReport {
    private final int regions;
    private final long plannedSeconds;
    private final long elapsedMs;
    private final int workers;
    private final Ledger ledger;
    private final LedgerCheck.Result check;
    private final Tally tally;
    private final List<FaultRecord> faults;
    private final long doubleLeaderMs;
    private final List<LeaderWatch.DoubleLeader> doubleLeaders;
    private final DetectedConflicts.Found conflicts;
    private final List<LostWriteVerdicts.Verdict> verdicts;
    private final long runStartMs;
    private final Map<String, Integer> users;

    ChaosReport(int regions, long plannedSeconds, long elapsedMs, int workers, Ledger ledger, LedgerCheck.Result check,
                Tally tally, List<FaultRecord> faults, long doubleLeaderMs, List<LeaderWatch.DoubleLeader> doubleLeaders,
                DetectedConflicts.Found conflicts, List<LostWriteVerdicts.Verdict> verdicts, long runStartMs,
                Map<String, Integer> users) {
        this.regions = regions;
        this.plannedSeconds = plannedSeconds;
        this.elapsedMs = elapsedMs;
        this.workers = workers;
        this.ledger = ledger;
        this.check = check;
        this.tally = tally;
        this.faults = List.copyOf(faults);
        this.doubleLeaderMs = doubleLeaderMs;
        this.doubleLeaders = List.copyOf(doubleLeaders);
        this.conflicts = conflicts;
        this.verdicts = List.copyOf(verdicts);
        this.runStartMs = runStartMs;
        this.users = Map.copyOf(users);
    }

    /** Every write the run had acknowledged, as the check read it. */
    public Ledger ledger() {
        return ledger;
    }

    public long acknowledged() {
        return ledger.size();
    }

    public long lost() {
        return check.lostWrites();
    }

    public List<FaultRecord> faults() {
        return faults;
    }

    /** Lost writes no conflict record holds: each one fails the run. */
    public long silentlyLost() {
        return verdicts.stream().filter(LostWriteVerdicts.Verdict::silent).count();
    }

    /**
     * How many of {@code check}'s lost writes (made to {@code other}) no conflict record of this
     * run holds: the same judgement as the run's own, for writes a test makes up.
     */
    public long silentlyLost(Ledger other, LedgerCheck.Result check) {
        return LostWriteVerdicts.judge(other, check, conflicts, runStartMs).stream().filter(LostWriteVerdicts.Verdict::silent).count();
    }

    /** Lost writes counted against a planned switchover or failback ({@link LostWriteFaults}): each one fails the run too. */
    public long lostInPlannedMoves() {
        return faults.stream().filter(f -> FaultKind.parse(f.kind()).planned()).mapToLong(FaultRecord::lost).sum();
    }

    /** Why the run failed, or empty when it did not. */
    public Optional<String> failure() {
        if (silentlyLost() > 0) {
            return Optional.of(silentlyLost() + " acknowledged write(s) lost with no conflict record (silently)");
        }
        if (lostInPlannedMoves() > 0) {
            return Optional.of(lostInPlannedMoves() + " acknowledged write(s) lost in planned switchovers");
        }
        return Optional.empty();
    }

    /** The report as JSON members, in the order they are written. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("regions", regions);
        json.put("plannedSeconds", plannedSeconds);
        json.put("elapsedMs", elapsedMs);
        json.put("workers", workers);
        json.put("acknowledged", ledger.size());
        json.put("lost", check.lostWrites());
        json.put("lostWrites", check.lost());
        json.put("checked", check.checked());
        json.put("superseded", check.superseded());
        json.put("checkedRegions", check.regions());
        json.put("inDoubt", ledger.doubts().size());
        json.put("silentlyLost", silentlyLost());
        json.put("lostReported", verdicts.size() - silentlyLost());
        json.put("lostInPlannedMoves", lostInPlannedMoves());
        json.put("lostVerdicts", verdicts);
        json.put("conflictsDetected", conflicts.detected());
        json.put("conflictDetections", conflicts.detections());
        json.put("conflictsResolved", conflicts.resolved());
        json.put("conflictsPending", conflicts.pending());
        json.put("conflictDetection", conflicts.detection());
        json.put("conflicts", conflicts.conflicts());
        json.put("doubleLeaderMs", doubleLeaderMs);
        json.put("doubleLeaderResolutionMs", LeaderWatch.POLL_MS);
        json.put("doubleLeaders", doubleLeaders);
        json.put("operationsAnswered", tally.answeredTotal());
        json.put("operationsFailed", tally.failedTotal());
        json.put("operations", tally.byOperation());
        json.put("clientErrors", tally.byType());
        json.put("users", users);
        json.put("faults", faults);
        return json;
    }

    public String toTable() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%nchaos run: %d regions, %d s planned (%.0f s with heal and check), %d workers%n",
                regions, plannedSeconds, elapsedMs / 1000.0, workers));
        text.append(String.format("  operations answered   %d (%d failed)%n", tally.answeredTotal(), tally.failedTotal()));
        text.append(String.format("  writes acknowledged   %d (%d superseded by later ones), %d in doubt%n",
                ledger.size(), check.superseded(), ledger.doubts().size()));
        text.append(String.format("  acknowledged lost     %d (checked in %s)%n", check.lostWrites(),
                String.join(", ", check.regions())));
        text.append(String.format("    of which reported   %d (a conflict record holds the write set aside)%n",
                verdicts.size() - silentlyLost()));
        text.append(String.format("    silently lost       %d%n", silentlyLost()));
        text.append(String.format("  conflicts detected    %d, %d resolved, %d pending (%s; %d detections: each region"
                        + " that recorded one counts it)%n", conflicts.detected(), conflicts.resolved(), conflicts.pending(),
                conflicts.detection(), conflicts.detections()));
        text.append(String.format("  double-leader time    %d ms (to %d ms)%n", doubleLeaderMs, LeaderWatch.POLL_MS));
        text.append(String.format("%n  %-20s %-10s %9s %10s %10s %10s %8s %10s %6s  %s%n", "fault", "region", "at s",
                "writable", "flipped", "errors", "err ms", "2 leaders", "lost", "outcome"));
        for (FaultRecord fault : faults) {
            text.append(String.format("  %-20s %-10s %9.1f %10s %10s %10d %8d %10d %6s  %s%n", fault.kind(), fault.region(),
                    fault.startedAtMs() / 1000.0, ms(fault.writableAfterMs()) + (fault.writableOnlyAfterHeal() ? "*" : ""),
                    ms(fault.flippedAfterMs()), fault.clientErrors(), fault.clientErrorWindowMs(), fault.doubleLeaderMs(),
                    fault.lost() + (fault.silentlyLost() > 0 ? "!" : ""), fault.outcome()));
        }
        text.append("  (lost: not found after heal, counted against the fault in whose replication window it was lost;"
                + " ! some silently)\n");
        text.append("  (writable, flipped: ms from the fault to the first acknowledged write / to the traffic flip;"
                + " * only after heal)\n");
        if (!check.lost().isEmpty()) {
            text.append("\n  lost writes:\n");
            List<LedgerCheck.LostWrite> rows = new ArrayList<>(check.lost());
            for (LedgerCheck.LostWrite lost : rows) {
                text.append(String.format("    #%d %s %s at %.1f s (traffic %s): %s holds %s, not %s%n", lost.sequence(),
                        lost.kind(), lost.username(), lost.atMs() / 1000.0, lost.trafficRegion(), lost.region(),
                        lost.found(), lost.expected()));
            }
            text.append("\n  each lost write, and the conflict record that holds it:\n");
            for (LostWriteVerdicts.Verdict verdict : verdicts) {
                text.append(String.format("    #%d %s %s written at %s: %s (counted against %s)%n", verdict.sequence(),
                        verdict.kind(), verdict.username(), verdict.writtenAt(), verdict.silent()
                                ? "SILENTLY LOST (no conflict record)" : verdict.conflictKind() + " " + verdict.conflictId(),
                        verdict.fault()));
            }
        }
        if (!tally.byType().isEmpty()) {
            text.append("\n  client errors by type: ").append(tally.byType()).append('\n');
        }
        return text.toString();
    }

    private static String ms(Long value) {
        return value == null ? "-" : Long.toString(value);
    }
}
