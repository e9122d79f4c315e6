package io.cognate.ports;

import io.cognate.testing.InMemoryLockVerdicts;
import io.cognate.testing.contracts.LockVerdictsContract;

class InMemoryLockVerdictsContractTest extends LockVerdictsContract {
    @Override
    protected LockVerdicts newLockVerdicts() {
        return new InMemoryLockVerdicts();
    }
}
