package io.cognate.ports;

import io.cognate.testing.InMemoryAdminKeys;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.contracts.AdminKeysContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The admin keys contract on the in-memory store. */
class InMemoryAdminKeysContractTest extends AdminKeysContract {
    @Override
    protected Storage newStorage() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        return new Storage(new InMemoryAdminKeys(REGION, leaders), LeaderStore.of(leaders));
    }
}
