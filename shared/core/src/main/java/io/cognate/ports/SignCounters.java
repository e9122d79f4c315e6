package io.cognate.ports;

/**
 * The signature counts passkey sign-ins reported, per credential, in the Sessions global table.
 * Not in the Directory beside the credential: a sign-in happens in every region, and a region
 * that does not lead may not write the Directory (the write fence), yet must record the count,
 * or a cloned authenticator could sign in there with a count the leader already saw. Each
 * region writes only an item of its own per credential, so two regions never overwrite each
 * other (a global table keeps the last writer's item whole); a reader takes the highest count
 * of all regions.
 */
public interface SignCounters {
    /** The highest count any region recorded for the credential; 0 when none did. */
    long highest(String sub, String credentialId);

    /**
     * Records {@code count} as this region's count for the credential, provided it is higher
     * than what this region recorded before (atomically: of two sign-ins racing with the same
     * count, one wins); false, recording nothing, otherwise.
     */
    boolean advance(String sub, String credentialId, long count);
}
