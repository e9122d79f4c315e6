package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.failover.LeaderState;
import java.time.Instant;
import java.util.Optional;

/**
 * Changes of this region's copy of the leader record. Every change is conditional on the record
 * still being what the caller read, so two invocations racing each other change it at most once.
 */
public interface LeaderTransitions {
    /** A strongly consistent read of this region's copy. */
    Optional<LeaderState> state();

    /**
     * Writes the first leader record if none exists (never over one); returns the record in force
     * afterwards. The deployment's first region calls it on its first scheduled run.
     */
    LeaderRecord initialise(LeaderRecord first);

    /**
     * Makes {@code region} the leader at {@code expected.epoch() + 1} if the record is still
     * {@code expected}; the flip and the announcement become pending. Empty when another write came first.
     */
    Optional<LeaderState> promote(LeaderState expected, String region, String reason, Instant at,
                                  Optional<Instant> firstFailureAt);

    /**
     * Fences the leader for a planned switchover: no region leads at {@code expected.epoch() + 1}
     * and {@code handoverTo} is named, if the record is still {@code expected}.
     */
    Optional<LeaderState> fence(LeaderState expected, String handoverTo, Instant at);

    /** Records that the traffic flip of {@code epoch} is done (no-op if the epoch moved on). */
    void markFlipped(long epoch);

    /** Records that the event of {@code epoch} went out (no-op if the epoch moved on). */
    void markAnnounced(long epoch);
}
