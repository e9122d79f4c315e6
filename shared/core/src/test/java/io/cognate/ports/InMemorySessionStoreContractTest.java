package io.cognate.ports;

import io.cognate.testing.InMemorySessionStore;
import io.cognate.testing.contracts.SessionStoreContract;

class InMemorySessionStoreContractTest extends SessionStoreContract {
    @Override
    protected SessionStore newSessionStore() {
        return new InMemorySessionStore();
    }
}
