package io.cognate.ports;

import java.time.Duration;

/**
 * What happened that operators count: sign-ins, refusals, lockouts, promotions and how far
 * behind a peer region's data is. The domain reports events here and never sees how they are
 * published (EMF metrics on Lambda: {@code io.cognate.adapters.powertools.PowertoolsAuthEvents}).
 * Implementations must not throw: a metric that cannot be written never fails a request.
 */
public interface AuthEvents {
    /** A password sign-in succeeded. */
    void signInSucceeded();

    /** A password sign-in was refused: wrong credentials, or the account was locked. */
    void signInFailed();

    /** An account reached the lockout threshold and is locked from now on. */
    void accountLocked();

    /** This region raised the leader record to {@code epoch} and accepts writes from now on. */
    void promoted(long epoch);

    /** The age of the newest heartbeat of {@code peerRegion} seen here: a bound on replication lag. */
    void replicationLag(String peerRegion, Duration heartbeatAge);

    /** Events that go nowhere, for wiring that does not publish metrics. */
    static AuthEvents none() {
        return NoAuthEvents.INSTANCE;
    }
}

enum NoAuthEvents implements AuthEvents {
    INSTANCE;

    @Override
    public void signInSucceeded() {
    }

    @Override
    public void signInFailed() {
    }

    @Override
    public void accountLocked() {
    }

    @Override
    public void promoted(long epoch) {
    }

    @Override
    public void replicationLag(String peerRegion, Duration heartbeatAge) {
    }
}
