package io.cognate.bench.chaos;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Plays one fault in its slot of the run: a quiet lead-in, the injection, the hold, the heal;
 * meanwhile a probe writes through the front door until the pool acknowledges a write, which
 * gives the time to writable. The figures that need the rest of the slot (client errors, double
 * leader) are cut out afterwards by {@link #finish}.
 */
final class FaultPlayer {
    /** A fault not writable again this long after heal is reported as never writable (null). */
    static final long WRITABLE_BOUND_MS = 120_000;
    /** How long replication may take to catch up after a split (a few hundred changes locally: seconds). */
    private static final java.time.Duration SPLIT_HEAL_BOUND = java.time.Duration.ofSeconds(30);

    private final LocalCognate stack;
    private final ChaosWorkload workload;
    private final LeaderWatch watch;
    private final LongSupplier elapsedMs;

    /** A fault played, before its slot's end is known. */
    record Played(FaultKind kind, String region, String leaderBefore, String leaderAfter, long startedAtMs,
                  Long healedAtMs, Long writableAtMs, String outcome) {
    }

    private final boolean regularWritesInSplits;

    /** One user per fault for the probe to write, so a probe call still in flight from one fault meets no other's. */
    private final Iterator<String> probeUsers;

    /** One per split brain of the schedule, in order, prepared before the first fault; null where that failed. */
    private final Iterator<SplitBrainWrites> splits;

    FaultPlayer(LocalCognate stack, ChaosWorkload workload, LeaderWatch watch, LongSupplier elapsedMs,
                boolean regularWritesInSplits, List<String> probeUsers, List<SplitBrainWrites> splits) {
        this.regularWritesInSplits = regularWritesInSplits;
        this.probeUsers = List.copyOf(probeUsers).iterator();
        this.splits = new ArrayList<>(splits).iterator();
        this.stack = stack;
        this.workload = workload;
        this.watch = watch;
        this.elapsedMs = elapsedMs;
    }

    /** Injects {@code kind} at once, holds it about {@code holdMs} (longer when it waits for a failover), heals it. */
    Played play(FaultKind kind, long holdMs, long holdMaxMs, java.util.function.Consumer<String> current)
            throws InterruptedException {
        String leader = stack.activeRegion();
        List<String> names = stack.regions().stream().map(LocalRegion::name).toList();
        String region = switch (kind) {
            case SWITCHOVER -> names.get((names.indexOf(leader) + 1) % names.size());
            case FAILBACK -> names.getFirst();
            case THIRD_REGION_OUTAGE -> names.reversed().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
            case REPLICATION_LAG, PARTITION -> "all";
            default -> leader;
        };
        // The users both sides will write, made before the first fault (null if they could not be).
        SplitBrainWrites split = kind == FaultKind.SPLIT_BRAIN ? splits.next() : null;
        boolean pauseWrites = kind == FaultKind.SPLIT_BRAIN && !regularWritesInSplits;
        workload.pauseWrites(pauseWrites);
        current.accept(kind.label() + (region.equals("all") ? "" : " " + region));
        long start = elapsedMs.getAsLong();
        WritableProbe probe = new WritableProbe(workload, probeUsers.next(), elapsedMs);
        String outcome = "injected";
        Long healedAt = null;
        switch (kind) {
            case REPLICATION_LAG -> stack.setReplication(false, FaultKind.LAG_MS);
            case PARTITION -> stack.setReplication(true, 0);
            case DYNAMODB_THROTTLING -> stack.setDynamoDbThrottled(region, FaultKind.THROTTLED_SHARE);
            case KMS_FAILING -> stack.setKmsFailing(region, true);
            case PRIMARY_OUTAGE, THIRD_REGION_OUTAGE -> stack.setOutage(region, true);
            case SPLIT_BRAIN -> {
                stack.setReplication(true, 0);
                stack.setHealthUnreachable(region, true);
            }
            case SWITCHOVER, FAILBACK -> {
                if (region.equals(leader)) {
                    outcome = "skipped: " + region + " leads already";
                } else {
                    outcome = describe(stack.switchover(region));
                }
            }
        }
        if (kind == FaultKind.SPLIT_BRAIN) {
            outcome = holdSplit(start, holdMs, holdMaxMs, leader, split);
        } else if (kind != FaultKind.SWITCHOVER && kind != FaultKind.FAILBACK) {
            hold(kind, start, holdMs, holdMaxMs, probe);
        }
        if (kind != FaultKind.SWITCHOVER && kind != FaultKind.FAILBACK) {
            switch (kind) {
                case SPLIT_BRAIN -> {
                    stack.setHealthUnreachable(region, false);
                    stack.setReplication(false, 0);
                    // Healed once the old leader holds the new leader record (it stops taking writes
                    // as leader then) and the split's writes have crossed: an operator's next move
                    // (a failback) starts from there, not from two regions that each think they lead.
                    stack.replication().awaitReplicated(SPLIT_HEAL_BOUND);
                }
                case REPLICATION_LAG, PARTITION -> stack.setReplication(false, 0);
                case DYNAMODB_THROTTLING -> stack.setDynamoDbThrottled(region, 0);
                case KMS_FAILING -> stack.setKmsFailing(region, false);
                case PRIMARY_OUTAGE, THIRD_REGION_OUTAGE -> stack.setOutage(region, false);
                default -> throw new IllegalStateException(kind.label());
            }
            healedAt = elapsedMs.getAsLong();
        }
        workload.pauseWrites(false);
        current.accept(null);
        Long writableAt = probe.await(WRITABLE_BOUND_MS);
        return new Played(kind, region, leader, stack.activeRegion(), start, healedAt, writableAt, outcome);
    }

    private void hold(FaultKind kind, long start, long holdMs, long holdMaxMs, WritableProbe probe)
            throws InterruptedException {
        while (true) {
            long held = elapsedMs.getAsLong() - start;
            boolean enough = held >= holdMs;
            if (kind.heldUntilWritable()) {
                // Held until the pool took over elsewhere (flipped and writable there); never past the
                // maximum. Not until "writable where it was": the probe's write needs no KMS, so a leader
                // whose KMS fails takes it at once while its sign-ins and sign-ups fail, and the fault
                // is held for the failover it is there to provoke, as a leader outage is.
                boolean flipped = watch.firstFlipBetween(start, Long.MAX_VALUE).isPresent();
                enough = probe.writableAt() != null && flipped;
            }
            if (enough || held >= holdMaxMs) {
                return;
            }
            Thread.sleep(50); // polling the probe and the watch
        }
    }

    /**
     * Holds a split brain: until a follower has taken over (the public name moved), then the writes
     * on both sides, then at least {@code holdMs} in all; never past {@code holdMaxMs} without a
     * takeover. Returns the outcome for the report.
     */
    private String holdSplit(long start, long holdMs, long holdMaxMs, String stale, SplitBrainWrites split)
            throws InterruptedException {
        try {
            Optional<LeaderWatch.Flip> flip = Optional.empty();
            while (flip.isEmpty() && elapsedMs.getAsLong() - start < holdMaxMs) {
                Thread.sleep(50); // polling the watch
                flip = watch.firstFlipBetween(start, Long.MAX_VALUE);
            }
            if (flip.isEmpty()) {
                return "no takeover within " + holdMaxMs + " ms; nothing written on both sides";
            }
            String promoted = flip.get().region();
            int written = split == null ? 0 : split.write(stale, promoted, step -> { });
            while (elapsedMs.getAsLong() - start < holdMs) {
                Thread.sleep(50);
            }
            return promoted + " took over while " + stale + " still led; " + written + " writes acknowledged on both sides"
                    + (split == null ? " (the split's users could not be made)" : "");
        } finally {
            if (split != null) {
                split.close();
            }
        }
    }

    private static String describe(Map<String, Map<String, Object>> answers) {
        StringBuilder text = new StringBuilder();
        answers.forEach((region, answer) -> text.append(text.isEmpty() ? "" : ", ").append(region).append(' ')
                .append(answer.getOrDefault("outcome", "?")));
        return text.toString();
    }

    /** The finished record, once the slot's end ({@code untilMs}) is known. */
    FaultRecord finish(Played played, long untilMs, Tally tally) {
        List<Tally.Failure> failures = tally.failures().stream()
                .filter(f -> f.atMs() >= played.startedAtMs() && f.atMs() < untilMs).toList();
        long window = failures.isEmpty() ? 0 : failures.getLast().atMs() - failures.getFirst().atMs();
        var flip = watch.firstFlipBetween(played.startedAtMs(), untilMs);
        return new FaultRecord(played.kind().label(), played.region(), played.leaderBefore(), played.leaderAfter(),
                played.startedAtMs(), played.healedAtMs(),
                played.writableAtMs() == null ? null : played.writableAtMs() - played.startedAtMs(),
                played.writableAtMs() != null && played.healedAtMs() != null && played.writableAtMs() > played.healedAtMs(),
                flip.map(f -> f.atMs() - played.startedAtMs()).orElse(null), flip.map(LeaderWatch.Flip::region).orElse(null),
                failures.size(), window, watch.doubleLeaderMsBetween(played.startedAtMs(), untilMs), played.outcome(), 0, 0);
    }
}
