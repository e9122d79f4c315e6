package io.cognate.domain.conflicts;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.ports.AuthEvents;
import io.cognate.ports.ConflictRecords;
import io.cognate.ports.ConflictRepairs;
import io.cognate.ports.FailoverEvents;
import io.cognate.ports.LeaderRecords;
import io.cognate.ports.UserDirectory;
import java.time.Clock;
import java.util.Optional;

/**
 * Detection and resolution of replication conflicts in one region. Called for each replicated
 * write this region's replica applied over a copy it held (a DynamoDB stream record whose old and
 * new images differ in writer: the local replicator's hook, or on AWS a stream-triggered function
 * reading the same two images), and for each conflict record arriving from another region.
 *
 * <p>Every conflict is recorded once (the record's id is the pair of copies), counted
 * ({@link AuthEvents#replicationConflict}) and published ({@link FailoverEvents#replicationConflict})
 * once. It is resolved where the write fence allows: in the leading region, and only by a leader
 * whose epoch is at least both copies' (a region that has not heard of the newer epoch leaves it
 * to the one that has). Resolution:
 * <ul>
 * <li>a username claimed twice: the winner owns it; the other account keeps its data, is disabled
 *     and renamed {@code <name>#conflict-<sub>}, and the record reports both;</li>
 * <li>a user deleted on one side and changed on the other, the change winning: the user stays
 *     (its profile written back where replication kept the delete's tombstone) and its username
 *     is claimed for it again;</li>
 * <li>any other item: when replication kept the loser (it was written last), the winner's copy,
 *     still held by the detecting replica's stream record, is written again at a version above
 *     both; when replication kept the winner, nothing is written. The loser stays in the record.</li>
 * </ul>
 */
public final class ReplicationConflicts {
    /** Writes the held copy back at {@code version}, stamped with {@code fence}; false if the item moved on. */
    @FunctionalInterface
    public interface HeldCopy {
        boolean restore(long version, LeaderRecord fence);
    }

    private final String region;
    private final LeaderRecords leaders;
    private final ConflictRecords records;
    private final ConflictRepairs repairs;
    private final UserDirectory users;
    private final AuthEvents metrics;
    private final FailoverEvents events;
    private final Clock clock;

    public ReplicationConflicts(String region, LeaderRecords leaders, ConflictRecords records, ConflictRepairs repairs,
                                UserDirectory users, AuthEvents metrics, FailoverEvents events, Clock clock) {
        this.region = region;
        this.leaders = leaders;
        this.records = records;
        this.repairs = repairs;
        this.users = users;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    /**
     * This replica applied {@code incoming} over {@code held}: records, reports and resolves the
     * conflict if that lost a write.
     */
    public Optional<ReplicationConflict> replicated(ItemImage held, ItemImage incoming, HeldCopy heldCopy) {
        Optional<ReplicationConflict> found = ConflictRules.find(held, incoming, region, clock.instant());
        if (found.isEmpty()) {
            return found;
        }
        ReplicationConflict conflict = found.get();
        if (records.add(conflict)) {
            metrics.replicationConflict(conflict.kind().name());
            try {
                events.replicationConflict(conflict);
            } catch (RuntimeException e) {
                // The record is kept and counted; a missing event is not worth losing it.
                metrics.replicationConflictNotPublished();
            }
        }
        ReplicationConflict current = records.find(conflict.id()).orElse(conflict);
        if (current.status() == ConflictStatus.PENDING) {
            if (conflict.kind() != ConflictKind.USERNAME_CLAIM && conflict.winner() == incoming && !keepsDeletedUser(conflict)) {
                // Replication already kept the winner: nothing to write, so no fence to pass.
                records.resolved(conflict.id(), "kept " + conflict.winner().writtenBy() + " (written last); "
                        + conflict.loser().writtenBy() + " set aside in this record");
            } else {
                resolve(current, conflict.winner() == held ? heldCopy : null);
            }
        }
        return records.find(conflict.id()).or(() -> Optional.of(conflict));
    }

    /** A conflict record arrived from another region: resolves it here if it waits for this leader. */
    public void arrived(ReplicationConflict conflict) {
        if (conflict.status() == ConflictStatus.PENDING
                && (conflict.kind() == ConflictKind.USERNAME_CLAIM || keepsDeletedUser(conflict))) {
            resolve(conflict, null);
        }
    }

    /**
     * Resolves {@code conflict} if this region leads at an epoch at least both copies'; else the
     * record waits for the leader. {@code heldCopy}: the winner's full copy, when this replica
     * held it (a record keeps no secrets, so only the replica that saw it can write it back).
     */
    private void resolve(ReplicationConflict conflict, HeldCopy heldCopy) {
        Optional<LeaderRecord> leader = leaders.current();
        long newest = Math.max(conflict.winner().epoch(), conflict.loser().epoch());
        if (leader.isEmpty() || !leader.get().isLeader(region) || leader.get().epoch() < newest) {
            return;
        }
        LeaderRecord fence = leader.get();
        String how;
        try {
            how = conflict.kind() == ConflictKind.USERNAME_CLAIM ? settleUsername(conflict, fence)
                    : keepsDeletedUser(conflict) ? keepUser(conflict, heldCopy, fence)
                    : restoreWinner(conflict, heldCopy, fence);
        } catch (UserDirectory.FencedOut | UserDirectory.ConcurrentUpdate moved) {
            return; // the role or the account moved meanwhile: the record stays pending, and reported
        }
        if (how != null) {
            records.resolved(conflict.id(), how);
        }
    }

    private String restoreWinner(ReplicationConflict conflict, HeldCopy heldCopy, LeaderRecord fence) {
        if (heldCopy == null) {
            return null;
        }
        long above = Math.max(conflict.winner().version(), conflict.loser().version()) + 1;
        if (!heldCopy.restore(above, fence)) {
            return null; // the item changed again since: pending, for an administrator to look at
        }
        return "restored " + conflict.winner().writtenBy() + " as v" + above + " over the later-written "
                + conflict.loser().writtenBy() + ", set aside in this record";
    }

    /** A change won over a delete: the user stays, and needs back what the delete removed beside its profile. */
    private static boolean keepsDeletedUser(ReplicationConflict conflict) {
        return conflict.kind() == ConflictKind.DELETE_AGAINST_CHANGE && !conflict.winner().isTombstone();
    }

    /**
     * The user whose change won over its delete stays: its profile written back if this replica
     * holds the winning copy ({@code heldCopy}), and its username claimed for it again, since
     * the delete released the name (a claim removal replicates too, and carries no stamps to
     * compare). The claim is written only if no other user took the name since. Pending (for
     * the leader, or an administrator) when this region holds neither the live profile nor a copy
     * to write back, or the name now belongs to someone else.
     */
    private String keepUser(ReplicationConflict conflict, HeldCopy heldCopy, LeaderRecord fence) {
        String how;
        if (heldCopy != null) {
            how = restoreWinner(conflict, heldCopy, fence);
            if (how == null) {
                return null;
            }
        } else {
            how = "kept " + conflict.winner().writtenBy() + " (written last); the delete "
                    + conflict.loser().writtenBy() + " set aside in this record";
        }
        String sub = conflict.pk().substring(conflict.pk().indexOf('#') + 1);
        Optional<User> user = users.findBySub(sub);
        if (user.isEmpty() || !repairs.reclaimUsername(user.get().username(), sub, fence)) {
            return null;
        }
        return how + "; username " + user.get().username().value() + " claimed for " + sub + " again";
    }

    private String settleUsername(ReplicationConflict conflict, LeaderRecord fence) {
        String owner = conflict.winner().claimedSub().orElseThrow();
        String setAside = conflict.loser().claimedSub().orElseThrow();
        Optional<User> account = users.findBySub(setAside);
        if (account.isEmpty()) {
            repairs.settleUsername(conflict.pk(), owner, setAside, Optional.empty(), fence);
            return "username kept by " + owner + "; " + setAside + " no longer exists";
        }
        var renamed = ConflictRules.setAsideUsername(account.get().username(), setAside);
        repairs.settleUsername(conflict.pk(), owner, setAside, Optional.of(renamed), fence);
        return "username kept by " + owner + "; account " + setAside + " disabled and renamed " + renamed.value();
    }
}
