package io.cognate.ports;

import io.cognate.domain.AppClient;
import io.cognate.domain.LeaderRecord;
import io.cognate.domain.User;
import io.cognate.domain.Username;
import io.cognate.domain.users.UserFilter;
import java.time.Instant;
import java.util.List;
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

    // ---- app-client management (CreateUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient,
    // ListUserPoolClients). Defaults only so that test doubles written before them keep compiling.

    /**
     * Stores a new client at version 1 (and returns it so) unless a client with its id is stored
     * already: then throws {@link ClientIdTaken} and writes nothing. Never overwrites.
     */
    default AppClient createClient(AppClient client, LeaderRecord fence) {
        throw new UnsupportedOperationException("this directory does not manage app clients");
    }

    /**
     * Replaces the client if the stored one is still at {@code client.version()}, the version it
     * was read at, and returns it as now stored (one version later). Throws
     * {@link ConcurrentUpdate} when another write came first or the client is gone.
     */
    default AppClient updateClient(AppClient client, LeaderRecord fence) {
        throw new UnsupportedOperationException("this directory does not manage app clients");
    }

    /**
     * Deletes the client if the stored one is still at {@code client.version()}; throws
     * {@link ConcurrentUpdate} when another write came first or it is gone already.
     */
    default void deleteClient(AppClient client, LeaderRecord fence) {
        throw new UnsupportedOperationException("this directory does not manage app clients");
    }

    /**
     * At most {@code limit} clients in client id order, starting after {@code afterClientId};
     * {@link ClientPage#lastClientId} is set when more may follow.
     */
    default ClientPage listClients(int limit, Optional<String> afterClientId) {
        throw new UnsupportedOperationException("this directory does not list app clients");
    }

    /** A client as listed: its id and name. */
    record ClientSummary(String clientId, String clientName) {
    }

    /** One page of clients; {@code lastClientId} is where the next page starts after, if there may be one. */
    record ClientPage(List<ClientSummary> clients, Optional<String> lastClientId) {
        public ClientPage {
            clients = List.copyOf(clients);
        }
    }

    /** The client id is stored already: nothing was written. */
    final class ClientIdTaken extends RuntimeException {
        public ClientIdTaken() {
            super("client id taken", null, false, false);
        }
    }

    // ---- ListUsers ----------------------------------------------------------------------------

    /**
     * Users {@code filter} accepts (all when empty), at most {@code limit} of them, from
     * {@code position} on: a position an earlier page of this directory returned, or the start
     * when empty. The page may hold fewer than {@code limit} users (none, even) and still have a
     * {@link UserPage#next} position: a store may bound what one page costs. Following the
     * positions yields every matching user that existed throughout, each once. Throws
     * {@link InvalidPosition} for a position this directory did not make.
     */
    default UserPage listUsers(Optional<UserFilter> filter, int limit, Optional<String> position) {
        throw new UnsupportedOperationException("this directory does not list users");
    }

    /** One page of users, and where the next starts if there may be one. */
    record UserPage(List<User> users, Optional<String> next) {
        public UserPage {
            users = List.copyOf(users);
        }
    }

    /** A list position that this directory did not make. */
    final class InvalidPosition extends RuntimeException {
        public InvalidPosition() {
            super("invalid list position", null, false, false);
        }
    }

    /** The write fence did not hold: this region is not (or no longer) the leader. */
    final class FencedOut extends RuntimeException {
        public FencedOut() {
            super("write fence did not hold", null, false, false);
        }
    }

    /** The user (or app client) changed or went since it was read: nothing was written. */
    final class ConcurrentUpdate extends RuntimeException {
        public ConcurrentUpdate() {
            super("the item changed since it was read", null, false, false);
        }
    }

    final class UsernameTaken extends RuntimeException {
        public UsernameTaken() {
            super("username taken", null, false, false);
        }
    }
}
