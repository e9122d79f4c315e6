package io.cognate.ports;

import io.cognate.domain.failover.Heartbeat;
import java.util.Optional;

/** Heartbeats in the replicated Control table; each region writes only its own. */
public interface Heartbeats {
    void beat(Heartbeat heartbeat);

    /** This region's copy of {@code region}'s latest heartbeat (consistent read). */
    Optional<Heartbeat> of(String region);
}
