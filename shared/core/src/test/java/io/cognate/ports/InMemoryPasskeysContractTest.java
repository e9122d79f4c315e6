package io.cognate.ports;

import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryPasskeys;
import io.cognate.testing.InMemoryUserDirectory;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.PasskeyStoreContract;
import java.time.Clock;

/** The passkey store contract on the in-memory store the other modules' tests use. */
class InMemoryPasskeysContractTest extends PasskeyStoreContract {
    @Override
    protected Storage newStorage() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        var directory = new InMemoryUserDirectory(REGION, leaders);
        return new Storage(new InMemoryPasskeys(directory), directory, LeaderStore.of(leaders));
    }
}
