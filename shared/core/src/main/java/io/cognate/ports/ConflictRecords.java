package io.cognate.ports;

import io.cognate.domain.conflicts.ReplicationConflict;
import java.util.List;
import java.util.Optional;

/** Conflict records (Control table): every replication conflict found, with both copies minus secrets. */
public interface ConflictRecords {
    /** Stores {@code conflict} unless one with its id is stored; returns whether it was new. */
    boolean add(ReplicationConflict conflict);

    Optional<ReplicationConflict> find(String id);

    /** Marks the conflict resolved, saying how; nothing if it is already resolved. */
    void resolved(String id, String resolution);

    /** The most recent conflicts first, at most {@code limit}. */
    List<ReplicationConflict> recent(int limit);
}
