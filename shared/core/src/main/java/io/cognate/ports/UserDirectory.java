package io.cognate.ports;

import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import java.time.Instant;
import java.util.Optional;

/**
 * The replicated user directory. Every write names the leader record the writer believes in;
 * the store commits the write only if this region's copy of that record still matches, in the
 * same transaction, and throws {@link FencedOut} otherwise.
 */
public interface UserDirectory {
    Optional<User> findByUsername(Username username);

    Optional<User> findBySub(String sub);

    Optional<AppClient> findClient(String clientId);

    /** Creates the user and claims its username; throws {@link UsernameTaken} if it is claimed. */
    void create(User user, LeaderRecord fence);

    /**
     * Replaces an existing user (same sub and username) if the stored item is still at
     * {@code user.version()}, the version it was read at, and returns the user as now stored
     * (one version later). Throws {@link ConcurrentUpdate} when another write came first (or the
     * user is gone): the caller reads again and decides again, so no write is ever lost.
     */
    User update(User user, LeaderRecord fence);

    void putClient(AppClient client, LeaderRecord fence);

    /**
     * Makes the write an update of {@code username}'s user would make, through the same fence,
     * to an item that no read returns and that expires at {@code expiresAt}. An operation that
     * answers the same whether or not the user exists (ForgotPassword, ResendConfirmationCode)
     * calls this where it writes nothing, so that its answer costs as long either way.
     */
    void writeDecoy(Username username, Instant expiresAt, LeaderRecord fence);

    /**
     * Deletes the user and releases its username, in one fenced transaction. A default only so
     * that test doubles written before deletion existed keep compiling.
     */
    default void delete(User user, LeaderRecord fence) {
        throw new UnsupportedOperationException("this directory does not delete users");
    }

    /** The write fence did not hold: this region is not (or no longer) the leader. */
    final class FencedOut extends RuntimeException {
        public FencedOut() {
            super("write fence did not hold", null, false, false);
        }
    }

    /** The user changed (or went) since it was read: nothing was written. */
    final class ConcurrentUpdate extends RuntimeException {
        public ConcurrentUpdate() {
            super("the user changed since it was read", null, false, false);
        }
    }

    final class UsernameTaken extends RuntimeException {
        public UsernameTaken() {
            super("username taken", null, false, false);
        }
    }
}
