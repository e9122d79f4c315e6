package io.cognate.ports;

import io.cognate.testing.InMemoryLockoutCounters;
import io.cognate.testing.contracts.LockoutCountersContract;

class InMemoryLockoutCountersContractTest extends LockoutCountersContract {
    @Override
    protected LockoutCounters newCounters() {
        return new InMemoryLockoutCounters();
    }
}
