package io.cognate.ports;

import io.cognate.testing.InMemoryGroupDirectory;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryUserDirectory;
import io.cognate.testing.contracts.GroupDirectoryContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The group directory contract on the in-memory store the other modules' tests use. */
class InMemoryGroupDirectoryContractTest extends GroupDirectoryContract {
    @Override
    protected Storage newStorage() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        var directory = new InMemoryUserDirectory(REGION, leaders);
        return new Storage(new InMemoryGroupDirectory(directory), directory, LeaderStore.of(leaders));
    }
}
