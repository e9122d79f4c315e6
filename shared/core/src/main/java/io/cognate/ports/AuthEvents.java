package io.cognate.ports;

import java.time.Duration;

/**
 * What happened that operators count: sign-ins, refusals, lockouts, promotions and how far
 * behind a peer region's data is. The domain reports events here and never sees how they are
 * published (EMF metrics on Lambda: {@code io.cognate.adapters.logging.EmfAuthEvents}).
 * Implementations must not throw: a metric that cannot be written never fails a request.
 * Every event is ignored unless an implementation says otherwise.
 */
public interface AuthEvents {
    /** A password sign-in succeeded. */
    default void signInSucceeded() {
    }

    /** A password sign-in was refused: wrong credentials, or the account was locked. */
    default void signInFailed() {
    }

    /** An account reached the lockout threshold and is locked from now on. */
    default void accountLocked() {
    }

    /** A user's authentication event could not be stored (the sign-in went on without it). */
    default void authEventNotRecorded() {
    }

    /** This region raised the leader record to {@code epoch} and accepts writes from now on. */
    default void promoted(long epoch) {
    }

    /** The age of the newest heartbeat of {@code peerRegion} seen here: a bound on replication lag. */
    default void replicationLag(String peerRegion, Duration heartbeatAge) {
    }

    /**
     * An Admin or management request was refused before it ran: {@code reason} names the check
     * that failed (missing, malformed, scope, skew, signature, unknown-key, revoked, policy...),
     * which the caller is never told.
     */
    default void adminRequestRefused(String reason) {
    }

    /** A replication conflict of {@code kind} was found and recorded (once per conflict). */
    default void replicationConflict(String kind) {
    }

    /** A replication conflict was recorded but its event could not be published. */
    default void replicationConflictNotPublished() {
    }

    /** Events that go nowhere, for wiring that does not publish metrics. */
    static AuthEvents none() {
        return NoAuthEvents.INSTANCE;
    }
}

enum NoAuthEvents implements AuthEvents {
    INSTANCE
}
