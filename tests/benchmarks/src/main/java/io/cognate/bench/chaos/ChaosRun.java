package io.cognate.bench.chaos;

import io.cognate.bench.load.LoadRun;
import io.cognate.bench.load.LoadTarget;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.status.ChaosProgress;
import io.cognate.local.status.StatusSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One chaos run against a local stack: the mixed workload through the front door for the whole
 * run, the faults of the schedule each in its own equal slot of it, then every fault healed,
 * replication drained, and every acknowledged write checked in every region.
 */
public final class ChaosRun {
    /** The longest a fault stays on in a slot that waits for a failover: the slot's first four fifths. */
    private static final double HOLD_MAX_SHARE = 0.8;
    /** A fault held for a set time stays on for two fifths of its slot, at most 30 s. */
    private static final double HOLD_SHARE = 0.4;
    private static final long HOLD_CAP_MS = 30_000;
    /** The quiet stretch before each injection (a tenth of the slot, at most 10 s): steady state to compare with. */
    private static final double LEAD_SHARE = 0.1;
    private static final long LEAD_CAP_MS = 10_000;
    /** After heal, how long replication may take to drain before the check runs anyway (and counts what is missing). */
    private static final Duration SETTLE_BOUND = Duration.ofSeconds(60);
    /**
     * After the drain, how long conflicts found at a region that does not lead may take to reach
     * the leader and be resolved (a record replicates, then the resolution's writes do: two
     * replication hops, well under a second each locally) before the check runs anyway.
     */
    private static final Duration CONFLICT_SETTLE_BOUND = Duration.ofSeconds(15);

    /** What to run. */
    /**
     * {@code regularWritesInSplits}: whether the mixed workload keeps writing while a split brain
     * is held. Its writes then land on both leaders at random, forking users several writes deep
     * (the promoted leader writing one twice around the old leader's write, which the ancestor
     * stamp on users' profiles tells apart from a write on top); off, only the split's own writes
     * (each user written once per side) meet.
     */
    public record Settings(Duration duration, int workers, List<FaultKind> schedule, boolean regularWritesInSplits) {
        public Settings(Duration duration, int workers, List<FaultKind> schedule) {
            this(duration, workers, schedule, true);
        }

        public Settings {
            schedule = List.copyOf(schedule);
            if (workers < 1) {
                throw new IllegalArgumentException("--workers must be at least 1");
            }
            if (duration.toSeconds() < 10L * Math.max(1, schedule.size()) / 2) {
                throw new IllegalArgumentException("give each fault at least 5 s: " + schedule.size() + " faults need "
                        + (5 * schedule.size()) + " s or more");
            }
        }
    }

    private final LocalCognate stack;
    private final LoadTarget target;
    private final Settings settings;
    private final LoadRun.ProgressLine progress;
    private final Ledger ledger = new Ledger();
    private final Tally tally = new Tally();
    private final long startNanos = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private volatile String currentFault;
    private volatile boolean stopping;
    private volatile long lostSoFar;

    public ChaosRun(LocalCognate stack, LoadTarget target, Settings settings, LoadRun.ProgressLine progress) {
        this.stack = stack;
        this.target = target;
        this.settings = settings;
        this.progress = progress;
    }

    private long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public ChaosReport run() throws InterruptedException {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        List<FaultRecord> faults = new ArrayList<>();
        LedgerCheck.Result check;
        long doubleLeaderMs;
        List<LeaderWatch.DoubleLeader> doubleLeaders;
        var workload = new ChaosWorkload(target, ledger, tally, this::elapsedMs,
                () -> stack.trafficRegion().orElse("none"), runId, settings.workers());
        // Made before the first fault, while the pool is steady: the users the probe and each split
        // brain write are signed up then, not when the app client's hourly send budget may be spent
        // (SignUp answered LimitExceededException from about 355 s into a ten-minute run).
        List<String> probeUsers = workload.probeUsers(settings.schedule().size());
        List<SplitBrainWrites> splits = new ArrayList<>();
        for (FaultKind kind : settings.schedule()) {
            if (kind == FaultKind.SPLIT_BRAIN) {
                var split = new SplitBrainWrites(stack, workload);
                if (split.prepare()) {
                    splits.add(split);
                } else {
                    split.close();
                    splits.add(null);
                }
            }
        }
        stack.status().useChaosProgress(this::progress);
        try (var watch = new LeaderWatch(stack, this::elapsedMs)) {
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < settings.workers(); i++) {
                int worker = i;
                workers.add(Thread.ofPlatform().name("chaos-worker-" + i).start(() -> {
                    SplittableRandom random = new SplittableRandom(worker * 7919L + runId.hashCode());
                    while (!stopping) {
                        workload.step(worker, random);
                    }
                }));
            }
            Thread ticker = Thread.ofPlatform().daemon().name("chaos-progress").start(() -> tick(watch));
            try {
                var player = new FaultPlayer(stack, workload, watch, this::elapsedMs, settings.regularWritesInSplits(),
                        probeUsers, splits);
                long total = settings.duration().toMillis();
                long slot = total / settings.schedule().size();
                List<FaultPlayer.Played> played = new ArrayList<>();
                for (int i = 0; i < settings.schedule().size(); i++) {
                    long slotStart = i * slot;
                    sleepUntil(slotStart + Math.min((long) (slot * LEAD_SHARE), LEAD_CAP_MS));
                    long hold = Math.min((long) (slot * HOLD_SHARE), HOLD_CAP_MS);
                    long holdMax = Math.max(hold, (long) (slot * HOLD_MAX_SHARE));
                    FaultKind kind = settings.schedule().get(i);
                    FaultPlayer.Played fault = player.play(kind, hold, holdMax, name -> currentFault = name);
                    progress.note(summary(fault));
                    played.add(fault);
                }
                sleepUntil(total);
                stopping = true;
                for (Thread worker : workers) {
                    worker.join();
                }
                long end = elapsedMs();
                for (int i = 0; i < played.size(); i++) {
                    long until = i + 1 < played.size() ? played.get(i + 1).startedAtMs() : end;
                    faults.add(player.finish(played.get(i), until, tally));
                }
            } finally {
                stopping = true;
                ticker.interrupt();
                healEverything();
                splits.stream().filter(Objects::nonNull).forEach(SplitBrainWrites::close); // any not played
            }
            progress.note("healed; waiting for replication to drain (at most " + SETTLE_BOUND.toSeconds() + " s)");
            boolean drained = stack.replication().awaitReplicated(SETTLE_BOUND);
            if (!drained) {
                progress.note("replication did not drain in " + SETTLE_BOUND.toSeconds() + " s; checking anyway");
            }
            doubleLeaderMs = watch.doubleLeaderMs();
            doubleLeaders = watch.doubleLeaders();
        }
        DetectedConflicts.Found conflicts = settleConflicts();
        progress.note("checking " + ledger.size() + " acknowledged writes in every region");
        check = new LedgerCheck(stack).check(ledger);
        lostSoFar = check.lostWrites();
        List<LostWriteVerdicts.Verdict> verdicts = LostWriteFaults.named(faults,
                LostWriteVerdicts.judge(ledger, check, conflicts, startedAt.toEpochMilli()));
        stack.status().useChaosProgress(ChaosProgress.IDLE);
        return new ChaosReport(stack.regions().size(), settings.duration().toSeconds(), elapsedMs(), settings.workers(),
                ledger, check, tally, LostWriteFaults.counted(faults, verdicts), doubleLeaderMs, doubleLeaders, conflicts,
                verdicts, startedAt.toEpochMilli(), workload.userCounts());
    }

    /**
     * The conflicts the stack detected, once those still pending have had their chance to be
     * resolved at the leader (bounded: a record may stay pending for an administrator), and the
     * resolutions' writes have replicated.
     */
    private DetectedConflicts.Found settleConflicts() throws InterruptedException {
        long deadline = System.nanoTime() + CONFLICT_SETTLE_BOUND.toNanos();
        DetectedConflicts.Found found = DetectedConflicts.read(stack);
        while (found.pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500); // a resolution is written by the replicator's thread as a record arrives
            stack.replication().awaitReplicated(CONFLICT_SETTLE_BOUND);
            found = DetectedConflicts.read(stack);
        }
        stack.replication().awaitReplicated(CONFLICT_SETTLE_BOUND);
        progress.note("conflicts detected " + found.detected() + ", resolved " + found.resolved() + ", pending "
                + found.pending() + " (" + found.detection() + "; " + found.detections() + " detections in the regions)");
        return found;
    }

    private void sleepUntil(long atMs) throws InterruptedException {
        long wait = atMs - elapsedMs();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private void healEverything() {
        stack.setReplication(false, 0);
        for (LocalRegion region : stack.regions()) {
            if (stack.isDown(region.name())) {
                stack.setOutage(region.name(), false);
            }
            if (region.kmsFailing()) {
                stack.setKmsFailing(region.name(), false);
            }
            if (region.dynamoDbThrottled() > 0) {
                stack.setDynamoDbThrottled(region.name(), 0);
            }
            if (region.gateway().isHealthUnreachable()) {
                stack.setHealthUnreachable(region.name(), false);
            }
        }
    }

    private Optional<StatusSnapshot.ChaosRun> progress() {
        return Optional.of(new StatusSnapshot.ChaosRun(startedAt.toString(), currentFault, elapsedMs(),
                settings.duration().toMillis(), ledger.size(), lostSoFar, 0));
    }

    private void tick(LeaderWatch watch) {
        try {
            while (true) {
                Thread.sleep(progress.interval());
                progress.update(line(watch));
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    private String line(LeaderWatch watch) {
        String fault = currentFault;
        return String.format("chaos %d regions  %d/%d s  %s  ops %d ok %d failed  writes %d  leader %s e%d  traffic %s",
                stack.regions().size(), Math.min(elapsedMs(), settings.duration().toMillis()) / 1000,
                settings.duration().toSeconds(), fault == null ? "steady" : "FAULT " + fault, tally.answeredTotal(),
                tally.failedTotal(), ledger.size(), watch.leader(), watch.epoch(), watch.traffic());
    }

    private static String summary(FaultPlayer.Played fault) {
        return String.format("%s %s at %.1f s: %s, writable %s", fault.kind().label(), fault.region(),
                fault.startedAtMs() / 1000.0, fault.outcome(),
                fault.writableAtMs() == null ? "NOT AGAIN within the bound"
                        : "after " + (fault.writableAtMs() - fault.startedAtMs()) + " ms");
    }
}
