package io.cognate.ports;

import io.cognate.domain.federation.saml.PendingSamlRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * The AuthnRequests the pool is waiting on, by RelayState. Kept in the Sessions global table, so
 * the answer may arrive at any region, and answered once: a request consumed in one region is
 * refused in every region once the consumption has replicated.
 */
public interface PendingSamlRequests {
    void remember(PendingSamlRequest request);

    /** The request waiting under {@code relayState}, if it is neither consumed nor expired at {@code now}. */
    Optional<PendingSamlRequest> find(String relayState, Instant now);

    /** Marks the request answered; false (changing nothing) if it was consumed already. */
    boolean consume(String relayState);
}
