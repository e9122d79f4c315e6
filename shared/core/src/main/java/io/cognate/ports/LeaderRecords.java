package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import java.util.Optional;

/** This region's copy of the leader record in the replicated Control table. */
public interface LeaderRecords {
    /** A strongly consistent read of this region's copy. */
    Optional<LeaderRecord> current();

    /** Writes the first leader record if none exists; returns the record in force afterwards. */
    LeaderRecord initialise(LeaderRecord first);
}
