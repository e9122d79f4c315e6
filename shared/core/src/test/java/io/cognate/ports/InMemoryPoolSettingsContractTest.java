package io.cognate.ports;

import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryPoolSettings;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.PoolSettingsContract;
import java.time.Clock;

/** The pool settings contract on the in-memory store. */
class InMemoryPoolSettingsContractTest extends PoolSettingsContract {
    @Override
    protected Storage newStorage() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        return new Storage(new InMemoryPoolSettings(REGION, leaders), LeaderStore.of(leaders));
    }
}
