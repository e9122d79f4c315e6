package io.cognate.local.status;

import java.util.List;

/**
 * What {@code /_local/status.json} answers and {@code /_local/status} renders: one moment of the
 * local stack seen as an operator would watch it during a failover. Times are ISO-8601 text and
 * durations whole milliseconds, so the JSON needs no Jackson modules; members that are unknown
 * (a region's table unreachable, no heartbeat yet) are null.
 *
 * @param at when the snapshot was taken, by the stack's clock
 * @param leader the region the newest leader record names
 * @param epoch the highest leader epoch any region's copy holds
 */
public record StatusSnapshot(
        String at,
        String leader,
        long epoch,
        Traffic traffic,
        List<RegionStatus> regions,
        Replication replication,
        List<FailoverRecord> failovers,
        List<ConflictRecord> conflicts,
        ChaosRun chaos) {

    public StatusSnapshot {
        regions = List.copyOf(regions);
        failovers = List.copyOf(failovers);
        conflicts = List.copyOf(conflicts);
    }

    /**
     * The pool's public name and where it sends traffic now (the Route 53 record the front door follows).
     *
     * @param trafficSwitch how the flip is made: {@code route53} (a record UPSERT) or {@code arc} (routing controls)
     * @param region the region the record points at; null when it points nowhere the stack knows
     */
    public record Traffic(String recordName, String trafficSwitch, String region) {
    }

    /**
     * One region as its own tables and switches describe it.
     *
     * @param role {@code primary}, {@code secondary}, {@code fenced} (during a switchover) or {@code unknown}
     * @param epoch the epoch of this region's copy of the leader record; null when unreadable
     * @param health {@code up}, {@code down} (the outage switch is on: its API answers 503) or {@code kms failing}
     * @param lastProbe what this region's health-check last wrote in its heartbeat; null before its first run
     */
    public record RegionStatus(String name, String role, Long epoch, String health, Probe lastProbe) {
    }

    /**
     * The last probe result a region's health-check recorded in its heartbeat.
     *
     * @param probedRegion the peer it probed (the leader, or a secondary when it leads itself)
     * @param healthy whether that peer answered healthy
     * @param consecutiveFailures failed probes in a row so far; promotion comes at the failure threshold
     */
    public record Probe(String at, String probedRegion, boolean healthy, int consecutiveFailures) {
    }

    /**
     * Replication between every ordered pair of regions.
     *
     * @param paused the partition switch
     * @param injectedLagMs the lag switch: every change waits at least this long before it is applied
     */
    public record Replication(boolean paused, long injectedLagMs, List<ReplicationLink> links) {
        public Replication {
            links = List.copyOf(links);
        }
    }

    /**
     * Changes flowing from one region to another.
     *
     * @param pending changes read and not yet applied
     * @param lagMs how long the oldest pending change has waited: the replication lag now (0 when none waits)
     * @param lastApplyLagMs how old the last applied change was when it was applied
     * @param heartbeatAgeMs age of {@code from}'s heartbeat as {@code to} reads it: the lag the health-check
     *     reports as the {@code ReplicationLag} metric; null before the first heartbeat
     */
    public record ReplicationLink(String from, String to, long applied, int pending, long lagMs, long lastApplyLagMs,
                                  Long heartbeatAgeMs) {
    }

    /**
     * A completed change of leader, from its {@code FailoverCompleted} or {@code SwitchoverCompleted} event.
     *
     * @param firstFailedProbeAt null for a planned switchover (it starts at the fence, not at a failed probe)
     * @param detectionMs first failed probe to the decision; null for a switchover
     * @param totalMs first failed probe (or the decision) to the traffic flip
     */
    public record FailoverRecord(String kind, String fromRegion, String toRegion, long epoch, String reason,
                                 String firstFailedProbeAt, String decidedAt, String writableAt, String trafficFlippedAt,
                                 Long detectionMs, long promotionMs, long flipMs, long totalMs) {
    }

    /**
     * A write lost to, or kept aside by, conflict resolution after a partition heals.
     *
     * @param item the item's key as text (never its secrets)
     * @param winner the region whose write was kept
     * @param loser the region whose write was set aside
     */
    public record ConflictRecord(String detectedAt, String table, String item, String winner, String loser,
                                 String resolution) {
    }

    /**
     * A chaos run in progress.
     *
     * @param fault the fault playing now, or null between faults
     */
    public record ChaosRun(String startedAt, String fault, long elapsedMs, long plannedMs, long acknowledged,
                           long lost, long conflictsDetected) {
    }
}
