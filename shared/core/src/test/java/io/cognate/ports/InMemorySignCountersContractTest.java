package io.cognate.ports;

import io.cognate.testing.InMemorySignCounters;
import io.cognate.testing.contracts.SignCountersContract;

/** The sign counters contract on the in-memory counters. */
class InMemorySignCountersContractTest extends SignCountersContract {
    /** One table per test, which every region's counters read and write. */
    private final InMemorySignCounters table = new InMemorySignCounters("us-east-1");

    @Override
    protected SignCounters countersIn(String region) {
        return table.inRegion(region);
    }
}
