package io.cognate.ports;

import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryMfaSettings;
import io.cognate.testing.InMemoryUserDirectory;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.MfaSettingsStoreContract;
import java.time.Clock;

/** The MFA settings contract on the in-memory store the other modules' tests use. */
class InMemoryMfaSettingsContractTest extends MfaSettingsStoreContract {
    @Override
    protected Storage newStorage() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        var directory = new InMemoryUserDirectory(REGION, leaders);
        return new Storage(new InMemoryMfaSettings(directory), directory, LeaderStore.of(leaders));
    }
}
