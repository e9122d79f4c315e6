package io.cognate.domain.conflicts;

import java.time.Instant;
import java.util.Objects;

/**
 * One conflict found after replication: two copies of one Directory item, the one kept
 * ({@code winner}) and the one set aside ({@code loser}), both without secrets.
 *
 * @param id the same for the same pair of copies wherever and however often it is found
 * @param detectedIn the region whose replica applied one copy over the other
 */
public record ReplicationConflict(String id, ConflictKind kind, ItemImage winner, ItemImage loser,
                                  String detectedIn, Instant detectedAt, ConflictStatus status, String resolution) {
    public ReplicationConflict {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(winner);
        Objects.requireNonNull(loser);
        resolution = resolution == null ? "" : resolution;
    }

    public String pk() {
        return winner.pk();
    }

    public String sk() {
        return winner.sk();
    }

    public ReplicationConflict resolved(String how) {
        return new ReplicationConflict(id, kind, winner, loser, detectedIn, detectedAt, ConflictStatus.RESOLVED, how);
    }
}
