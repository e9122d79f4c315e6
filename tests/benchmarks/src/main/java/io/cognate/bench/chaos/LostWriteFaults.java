package io.cognate.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which fault each lost write is counted against: the one in whose replication window it was lost,
 * not the one whose slot it was acknowledged in. A write acknowledged in the quiet stretch before a
 * split brain belongs to the slot of the failback before it, but it is the split that keeps it from
 * replicating and the split's heal that sets it aside; counting it against the failback made a run
 * report a write lost in a planned move that lost none.
 * <ul>
 *   <li>A write a conflict record holds: the last fault injected at or before the record was made
 *       (the conflict is found when replication brings the two copies together, after the fault
 *       that kept them apart).</li>
 *   <li>A write no record holds (or one whose record shows no time): the fault active when it was
 *       acknowledged; else the first fault injected within {@link #REPLICATION_MS} after it (it had
 *       not crossed yet when that fault began); else the last fault injected before it.</li>
 * </ul>
 * A write acknowledged before the first fault and lost with no later fault to blame is counted
 * against the first fault, as in the slots before.
 */
final class LostWriteFaults {
    /**
     * How long an acknowledged write may still be on its way to the other regions: the local
     * replicator polls every 50 ms and applies a change in milliseconds; a second leaves room for a
     * busy machine (the runs in docs/performance.md ran at a load average of 5 to 18 on 2 cores).
     */
    static final long REPLICATION_MS = 1_000;

    private LostWriteFaults() {
    }

    /** Each fault with the lost writes counted against it. */
    static List<FaultRecord> counted(List<FaultRecord> faults, List<LostWriteVerdicts.Verdict> verdicts) {
        long[] lost = new long[faults.size()];
        long[] silent = new long[faults.size()];
        for (LostWriteVerdicts.Verdict verdict : verdicts) {
            int fault = faultOf(faults, verdict);
            if (fault >= 0) {
                lost[fault]++;
                if (verdict.silent()) {
                    silent[fault]++;
                }
            }
        }
        List<FaultRecord> counted = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            counted.add(faults.get(i).withLost(lost[i], silent[i]));
        }
        return counted;
    }

    /** Each verdict with the fault it is counted against named ({@code <kind> at <s> s}). */
    static List<LostWriteVerdicts.Verdict> named(List<FaultRecord> faults, List<LostWriteVerdicts.Verdict> verdicts) {
        List<LostWriteVerdicts.Verdict> named = new ArrayList<>();
        for (LostWriteVerdicts.Verdict verdict : verdicts) {
            int fault = faultOf(faults, verdict);
            named.add(fault < 0 ? verdict : verdict.countedAgainst(String.format(Locale.ROOT, "%s at %.1f s",
                    faults.get(fault).kind(), faults.get(fault).startedAtMs() / 1000.0)));
        }
        return List.copyOf(named);
    }

    /** The index in {@code faults} (in the order played) of the fault {@code verdict}'s write is counted against; -1 with none. */
    static int faultOf(List<FaultRecord> faults, LostWriteVerdicts.Verdict verdict) {
        if (faults.isEmpty()) {
            return -1;
        }
        if (verdict.conflictAtMs() != null) {
            return lastInjectedBy(faults, Math.max(verdict.atMs(), verdict.conflictAtMs()));
        }
        long at = verdict.atMs();
        for (int i = faults.size() - 1; i >= 0; i--) {
            FaultRecord fault = faults.get(i);
            if (fault.startedAtMs() <= at && at <= activeUntil(fault)) {
                return i;
            }
        }
        for (int i = 0; i < faults.size(); i++) {
            long started = faults.get(i).startedAtMs();
            if (started > at && started <= at + REPLICATION_MS) {
                return i;
            }
        }
        return lastInjectedBy(faults, at);
    }

    /** The last fault injected at or before {@code atMs}; the first one if none was yet. */
    private static int lastInjectedBy(List<FaultRecord> faults, long atMs) {
        int last = 0;
        for (int i = 0; i < faults.size(); i++) {
            if (faults.get(i).startedAtMs() <= atMs) {
                last = i;
            }
        }
        return last;
    }

    /**
     * Until when a fault is on: its heal; a planned move (no heal) until the pool took writes again,
     * or only its own moment when it never did.
     */
    private static long activeUntil(FaultRecord fault) {
        if (fault.healedAtMs() != null) {
            return fault.healedAtMs();
        }
        return fault.startedAtMs() + (fault.writableAfterMs() == null ? 0 : fault.writableAfterMs());
    }
}
