package io.cognate.ports;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.Username;
import java.util.Optional;

/** The Directory writes that resolve a conflict, each behind the write fence. */
public interface ConflictRepairs {
    /**
     * Gives the username claimed at {@code claimPk} to {@code ownerSub}, and renames the account
     * {@code setAsideSub} that also claimed it to {@code setAsideName}, disabled (none: the account is
     * gone, only the claim is settled). Idempotent.
     *
     * @return false when {@code setAsideSub} has no profile (nothing to rename)
     * @throws UserDirectory.FencedOut when this region does not lead at {@code fence}
     */
    boolean settleUsername(String claimPk, String ownerSub, String setAsideSub, Optional<Username> setAsideName,
                           LeaderRecord fence);

    /**
     * Claims {@code name} for {@code sub} again (a user whose change won over its delete: the
     * delete released the name), unless another user holds it now. Idempotent.
     *
     * @return false when the name belongs to another user
     * @throws UserDirectory.FencedOut when this region does not lead at {@code fence}
     */
    boolean reclaimUsername(Username name, String sub, LeaderRecord fence);
}
