package io.cognate.testing;

import io.cognate.domain.federation.saml.PendingSamlRequest;
import io.cognate.ports.PendingSamlRequests;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pending AuthnRequests in memory, shared by every region's view (the global Sessions table
 * without replication lag): consumption is put-if-absent, as the DynamoDB adapter's conditional
 * update is.
 */
public final class InMemoryPendingSamlRequests implements PendingSamlRequests {
    private final Map<String, PendingSamlRequest> requests = new HashMap<>();
    private final Set<String> consumed = new HashSet<>();

    @Override
    public synchronized void remember(PendingSamlRequest request) {
        requests.put(request.relayState(), request);
    }

    @Override
    public synchronized Optional<PendingSamlRequest> find(String relayState, Instant now) {
        PendingSamlRequest request = requests.get(relayState);
        return request == null || consumed.contains(relayState) || !now.isBefore(request.expiresAt())
                ? Optional.empty() : Optional.of(request);
    }

    @Override
    public synchronized boolean consume(String relayState) {
        return requests.containsKey(relayState) && consumed.add(relayState);
    }
}
