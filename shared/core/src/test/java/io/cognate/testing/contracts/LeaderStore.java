package io.cognate.testing.contracts;

import io.cognate.ports.LeaderRecords;
import io.cognate.ports.LeaderTransitions;

/**
 * One region's copy of the leader record seen through both of its ports: what the write fence
 * reads ({@link LeaderRecords}) and what the failover logic changes ({@link LeaderTransitions}).
 * Both are the same object in every implementation; the contracts move the record through its
 * transitions to show how the stores that fence on it behave.
 */
public record LeaderStore(LeaderRecords records, LeaderTransitions transitions) {

    public static <T extends LeaderRecords & LeaderTransitions> LeaderStore of(T store) {
        return new LeaderStore(store, store);
    }
}
