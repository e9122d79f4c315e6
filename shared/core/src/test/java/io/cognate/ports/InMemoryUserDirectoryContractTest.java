package io.cognate.ports;

import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryUserDirectory;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.UserDirectoryContract;
import java.time.Clock;

/** The Directory contract on the in-memory directory the other modules' tests use. */
class InMemoryUserDirectoryContractTest extends UserDirectoryContract {
    @Override
    protected Storage newStorage() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        return new Storage(new InMemoryUserDirectory(REGION, leaders), LeaderStore.of(leaders));
    }
}
