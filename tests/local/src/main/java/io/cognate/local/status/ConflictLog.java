package io.cognate.local.status;

import java.util.List;

/**
 * Where the status page reads replication conflicts from. The stack detects none yet (last writer
 * wins silently), so the page shows {@link #NONE}; conflict detection after heal plugs in its own
 * log through {@link LocalStatus#useConflictLog}.
 */
@FunctionalInterface
public interface ConflictLog {
    ConflictLog NONE = List::of;

    /** The most recent conflicts, newest first. */
    List<StatusSnapshot.ConflictRecord> recent();
}
