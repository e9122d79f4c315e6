package io.cognate.domain.conflicts;

/** Why two copies of one Directory item could not both be kept. */
public enum ConflictKind {
    /**
     * Written under different epochs, neither on top of the other: a leader that had lost its
     * role (it could not hear of the promotion during a partition) accepted a write.
     */
    STALE_LEADER_WRITE,
    /** Written under one epoch by two regions: only an item written outside the fence can do that. */
    CONCURRENT_WRITE,
    /** One username claimed for two different users (two sign-ups during a split). */
    USERNAME_CLAIM,
    /**
     * A user deleted in one region and changed in another (a split): one copy is the deleted
     * profile's tombstone. The higher epoch decides whether the user stays.
     */
    DELETE_AGAINST_CHANGE
}
