package io.cognate.ports;

import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.InMemoryUiCustomizations;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.UiCustomizationContract;
import java.time.Clock;

/** The UI customization contract on the in-memory store. */
class InMemoryUiCustomizationContractTest extends UiCustomizationContract {
    @Override
    protected Storage newStorage() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        return new Storage(new InMemoryUiCustomizations(REGION, leaders), LeaderStore.of(leaders));
    }
}
