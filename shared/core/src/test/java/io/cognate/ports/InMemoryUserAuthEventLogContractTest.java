package io.cognate.ports;

import io.cognate.testing.InMemoryUserAuthEventLog;
import io.cognate.testing.contracts.UserAuthEventLogContract;

/** The event log contract on the in-memory log the other modules' tests use. */
class InMemoryUserAuthEventLogContractTest extends UserAuthEventLogContract {
    @Override
    protected UserAuthEventLog newLog() {
        return new InMemoryUserAuthEventLog();
    }
}
