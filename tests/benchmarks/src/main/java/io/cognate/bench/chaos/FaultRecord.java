package io.cognate.bench.chaos;

/**
 * One played fault as the report shows it. Times are milliseconds after the run began; the
 * {@code ...AfterMs} members count from the moment the fault was injected (for a planned
 * switchover, the moment it was requested).
 *
 * @param region the region the fault hit (or the switchover's target)
 * @param healedAtMs when the fault was switched off; null for a planned switchover
 * @param writableAfterMs until the first write started after injection was acknowledged (an
 *     attribute write through the front door, tried every {@link WritableProbe#INTERVAL_MS} ms: it
 *     needs the leader and DynamoDB, not KMS, so with KMS failing it counts the write path only and
 *     the failed sign-ins and sign-ups are in {@code clientErrors}); null if none was within the bound
 * @param writableOnlyAfterHeal whether the pool took writes again only once the fault was off
 * @param flippedAfterMs until the public name pointed at another region; null when it did not move
 * @param clientErrors failed client calls from injection to the next fault
 * @param clientErrorWindowMs first to last of those failures (0 with one or none)
 * @param doubleLeaderMs double-leader time in the same span
 * @param outcome what the operation answered (a switchover's outcome per region), or {@code injected}
 * @param lost acknowledged writes the check after heal did not find that were lost in this fault's
 *     replication window ({@link LostWriteFaults}; 0 until the check has run)
 * @param silentlyLost of those, the ones no conflict record holds
 */
public record FaultRecord(String kind, String region, String leaderBefore, String leaderAfter, long startedAtMs,
                          Long healedAtMs, Long writableAfterMs, boolean writableOnlyAfterHeal, Long flippedAfterMs,
                          String flippedTo, long clientErrors, long clientErrorWindowMs, long doubleLeaderMs,
                          String outcome, long lost, long silentlyLost) {

    /** This record with the check's findings for its slot. */
    FaultRecord withLost(long lostWrites, long silently) {
        return new FaultRecord(kind, region, leaderBefore, leaderAfter, startedAtMs, healedAtMs, writableAfterMs,
                writableOnlyAfterHeal, flippedAfterMs, flippedTo, clientErrors, clientErrorWindowMs, doubleLeaderMs,
                outcome, lostWrites, silently);
    }
}
