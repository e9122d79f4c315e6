package io.cognate.ports;

import io.cognate.testing.InMemoryDevices;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryUserDirectory;
import io.cognate.testing.contracts.DeviceStoreContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The device store contract on the in-memory store the other modules' tests use. */
class InMemoryDevicesContractTest extends DeviceStoreContract {
    @Override
    protected Storage newStorage() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        var directory = new InMemoryUserDirectory(REGION, leaders);
        return new Storage(new InMemoryDevices(directory), directory, LeaderStore.of(leaders));
    }
}
