package io.cognate.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The faults a chaos run can play, each through the local stack's own switches (the same ones
 * {@code /_local/} serves). "The leader" is the region leading when the fault starts; a planned
 * switchover goes to the next region in priority order, a failback to the first.
 */
public enum FaultKind {
    /** Every replicated change waits {@link #LAG_MS} before it is applied. */
    REPLICATION_LAG(false),
    /** Replication stops in every direction; the regions still reach each other's APIs. */
    PARTITION(false),
    /** {@link #THROTTLED_SHARE} of the leader's DynamoDB requests are answered ProvisionedThroughputExceeded. */
    DYNAMODB_THROTTLING(false),
    /** Every KMS call in the leader fails (its health answers unhealthy, so the others may promote). */
    KMS_FAILING(true),
    /** The leader's API answers 503 and replication to and from it stops, until its followers promote. */
    PRIMARY_OUTAGE(true),
    /**
     * Split brain: replication stops and the other regions' health probes of the leader fail,
     * while clients still reach it. A follower takes over (its probes fail and the leader's
     * heartbeat no longer arrives) and the public name moves to it, but the old leader's copy of
     * the leader record still names it, so it goes on accepting the writes sent to its own
     * endpoint until the heal brings it the higher epoch. Meanwhile the same users are written on
     * both sides ({@link SplitBrainWrites}): the conflicts that detection after heal must report.
     */
    SPLIT_BRAIN(false),
    /** A planned switchover from the leader to the next region. */
    SWITCHOVER(false),
    /** A planned switchover back to the first region (nothing to do when it leads). */
    FAILBACK(false),
    /** With three regions or more: the last region (a follower) goes down and comes back. */
    THIRD_REGION_OUTAGE(false);

    /** The injected lag: above the local stack's 1 s probe interval, so the heartbeats see it. */
    static final long LAG_MS = 3_000;
    /** A third of the requests: enough for the SDK's retries to run out on some calls, not on most. */
    static final double THROTTLED_SHARE = 0.3;

    private final boolean heldUntilWritable;

    FaultKind(boolean heldUntilWritable) {
        this.heldUntilWritable = heldUntilWritable;
    }

    /** Whether the fault is a planned move of the leader: it must lose no acknowledged write at all. */
    boolean planned() {
        return this == SWITCHOVER || this == FAILBACK;
    }

    /** Whether the fault stays on until the pool is writable again (a failover took over), not for a set time. */
    boolean heldUntilWritable() {
        return heldUntilWritable;
    }

    /** The name in the report and on the command line: {@code primary-outage}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FaultKind parse(String label) {
        for (FaultKind kind : values()) {
            if (kind.label().equals(label.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown fault " + label + "; one of " + labels());
    }

    /** {@code --schedule a,b,c}. */
    public static List<FaultKind> parseList(String text) {
        List<FaultKind> kinds = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                kinds.add(parse(part));
            }
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("--schedule names no fault; one or more of " + labels());
        }
        return kinds;
    }

    static String labels() {
        return String.join(", ", java.util.Arrays.stream(values()).map(FaultKind::label).toList());
    }

    /**
     * The default schedule: every fault once, each fault that moves the leader followed by a
     * failback, so every fault starts from the first region leading.
     */
    public static List<FaultKind> defaultSchedule(int regions) {
        List<FaultKind> schedule = new ArrayList<>(List.of(REPLICATION_LAG, PARTITION, DYNAMODB_THROTTLING,
                KMS_FAILING, FAILBACK, PRIMARY_OUTAGE, FAILBACK, SPLIT_BRAIN, FAILBACK, SWITCHOVER, FAILBACK));
        if (regions >= 3) {
            schedule.add(THIRD_REGION_OUTAGE);
        }
        return schedule;
    }
}
