package io.cognate.ports;

import io.cognate.testing.InMemoryPendingSamlRequests;
import io.cognate.testing.InMemoryUsedSamlAssertions;
import io.cognate.testing.contracts.SamlReplayContract;

class InMemorySamlReplayContractTest extends SamlReplayContract {
    /** One store each per test, which every region reads and writes. */
    private final InMemoryPendingSamlRequests requests = new InMemoryPendingSamlRequests();
    private final InMemoryUsedSamlAssertions assertions = new InMemoryUsedSamlAssertions();

    @Override
    protected PendingSamlRequests pendingRequestsIn(String region) {
        return requests;
    }

    @Override
    protected UsedSamlAssertions usedAssertionsIn(String region) {
        return assertions;
    }
}
