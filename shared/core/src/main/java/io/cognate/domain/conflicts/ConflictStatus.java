package io.cognate.domain.conflicts;

/** Whether a conflict's resolution has been written. */
public enum ConflictStatus {
    /** Recorded; to be resolved by the leading region (only it may write the Directory). */
    PENDING,
    /** Resolved; {@link ReplicationConflict#resolution()} says how. */
    RESOLVED
}
