package io.cognate.local.dynamo;

import java.time.Duration;

/**
 * Replication from one region to another, as of one moment.
 *
 * @param applied changes written to the target region
 * @param superseded changes skipped because the target already held a later write of the item (last writer wins)
 * @param failed changes given up after repeated errors (each is logged)
 * @param pending changes read from the source's streams and not yet delivered (paused, lagging, region down)
 * @param oldestPendingAge how long the oldest pending change has been waiting; zero when none is: the current
 *     replication lag
 * @param lastApplyLag how old the most recently applied change was when it was applied; zero before the first
 */
public record DirectionStats(
    String from,
    String to,
    long applied,
    long superseded,
    long failed,
    int pending,
    Duration oldestPendingAge,
    Duration lastApplyLag) {}
