package io.cognate.bench.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * For every acknowledged write the check after heal did not find: whether a conflict record holds
 * it (lost, but reported: an administrator can see what was set aside and restore it) or none does
 * (silently lost, which fails the run). A record holds a write when it is about the written item
 * and its set-aside copy (the loser) is that write:
 * <ul>
 *   <li>a sign-up: the username's claim, the loser naming the sub the sign-up returned;</li>
 *   <li>an attribute: the user's item, the loser showing the value written;</li>
 *   <li>a password, TOTP or confirmation (secrets and flags are not kept by value): the user's
 *       item, the loser written by the region the traffic record named when the call was sent or
 *       when it was answered, its {@code updatedAt}
 *       inside the call (from the request to the answer, give or take {@link #CLOCK_SLACK_MS}).</li>
 * </ul>
 */
final class LostWriteVerdicts {
    private static final String USER_PREFIX = "USER#";
    private static final String USERNAME_PREFIX = "USERNAME#";
    /** The run's clock and the stack's are one machine's; a millisecond-rounded timestamp needs little slack. */
    static final long CLOCK_SLACK_MS = 1_000;

    /**
     * One lost write, and the conflict record that holds it (null: none, silently lost).
     *
     * @param conflictAtMs when that record was made, in milliseconds after the run began (null
     *     without a record, or when the record shows no time)
     * @param fault the fault the write is counted against ({@link LostWriteFaults}), as
     *     {@code <kind> at <s> s}; null until counted
     */
    record Verdict(long sequence, String kind, String username, long atMs, String writtenAt, String conflictId,
                   String conflictKind, Long conflictAtMs, String fault) {
        boolean silent() {
            return conflictId == null;
        }

        Verdict countedAgainst(String counted) {
            return new Verdict(sequence, kind, username, atMs, writtenAt, conflictId, conflictKind, conflictAtMs, counted);
        }
    }

    private LostWriteVerdicts() {
    }

    /** @param runStartMs the epoch milliseconds the ledger's {@code atMs} count from */
    static List<Verdict> judge(Ledger ledger, LedgerCheck.Result check, DetectedConflicts.Found found, long runStartMs) {
        Map<Long, Ledger.Entry> bySequence = new HashMap<>();
        Map<String, Set<String>> subsByUsername = new HashMap<>();
        for (Ledger.Entry entry : ledger.entries()) {
            bySequence.put(entry.sequence(), entry);
            if (entry.kind() == Ledger.Kind.SIGN_UP) {
                subsByUsername.computeIfAbsent(entry.username(), u -> new HashSet<>()).add(entry.value());
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        Set<Long> judged = new HashSet<>();
        for (LedgerCheck.LostWrite lost : check.lost()) {
            if (!judged.add(lost.sequence())) {
                continue; // one verdict per write, however many regions miss it
            }
            Ledger.Entry write = bySequence.get(lost.sequence());
            if (write == null) {
                verdicts.add(new Verdict(lost.sequence(), lost.kind(), lost.username(), lost.atMs(), lost.trafficRegion(),
                        null, null, null, null));
                continue;
            }
            Optional<DetectedConflicts.Conflict> holder = found.conflicts().stream()
                    .filter(conflict -> holds(conflict, write, subsByUsername.getOrDefault(write.username(), Set.of()),
                            runStartMs))
                    .findFirst();
            verdicts.add(new Verdict(write.sequence(), write.kind().name(), write.username(), write.atMs(),
                    write.trafficRegion(), holder.map(DetectedConflicts.Conflict::id).orElse(null),
                    holder.map(DetectedConflicts.Conflict::kind).orElse(null),
                    holder.map(DetectedConflicts.Conflict::detectedAt).map(at -> at - runStartMs).orElse(null), null));
        }
        return List.copyOf(verdicts);
    }

    /** Whether {@code conflict} set aside {@code write}, made to the account(s) {@code subs} of its username. */
    static boolean holds(DetectedConflicts.Conflict conflict, Ledger.Entry write, Set<String> subs, long runStartMs) {
        if (write.kind() == Ledger.Kind.SIGN_UP) {
            return conflict.pk().equalsIgnoreCase(USERNAME_PREFIX + write.username())
                    && write.value().equals(conflict.loserSub());
        }
        boolean sameUser = subs.stream().anyMatch(sub -> conflict.pk().equals(USER_PREFIX + sub));
        if (!sameUser) {
            return false;
        }
        if (write.kind() == Ledger.Kind.ATTRIBUTE) {
            return conflict.loserAttributes().contains(write.value());
        }
        long answeredAt = runStartMs + write.atMs();
        long sentAt = answeredAt - write.latencyMs();
        Long updatedAt = conflict.loserUpdatedAt();
        // The region the traffic record named when the call was sent or answered: a call in flight
        // across the flip was served by the old leader and acknowledged after the record moved.
        boolean writtenThere = conflict.loserRegion().equals(write.trafficRegion())
                || conflict.loserRegion().equals(write.sentRegion());
        // The set-aside copy is that region's last one: written by this change, or by a later write
        // of the same region that carried the change on (an attribute, a failed call that was
        // applied). A later password or TOTP change there would have superseded this one, and a
        // superseded write is not checked. A copy from before the call does not hold it, nor one
        // made after the record was (another conflict's).
        Long detectedAt = conflict.detectedAt();
        return writtenThere && updatedAt != null && updatedAt >= sentAt - CLOCK_SLACK_MS
                && (detectedAt == null || updatedAt <= detectedAt);
    }
}
