package io.cognate.domain.failover;

import io.cognate.domain.LeaderRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * The leader record as the failover logic sees it: who leads at which epoch, how the record got
 * there, and which follow-up steps of that change are done. {@code flippedEpoch} and
 * {@code announcedEpoch} trail {@code epoch} until the traffic flip and the event of the latest
 * promotion have happened, so an interrupted promotion is finished by the next run.
 *
 * <p>During a planned switchover the record is <em>fenced</em>: no region leads
 * ({@code activeRegion} is empty) and {@code handoverTo} names the region about to be promoted.
 */
public record LeaderState(
        String activeRegion,
        long epoch,
        String previousRegion,
        String reason,
        Instant changedAt,
        Optional<Instant> firstFailureAt,
        Optional<String> handoverTo,
        long flippedEpoch,
        long announcedEpoch) {

    public static final String NO_REGION = "";

    public LeaderRecord record() {
        return new LeaderRecord(activeRegion, epoch);
    }

    public boolean isLeader(String region) {
        return activeRegion.equals(region);
    }

    public boolean fenced() {
        return activeRegion.isEmpty();
    }

    public boolean flipPending() {
        return flippedEpoch < epoch;
    }

    public boolean announcementPending() {
        return announcedEpoch < epoch;
    }

    /** How a region describes itself under this record. */
    public String roleOf(String region) {
        if (isLeader(region)) {
            return "primary";
        }
        return fenced() ? "fenced" : "secondary";
    }
}
