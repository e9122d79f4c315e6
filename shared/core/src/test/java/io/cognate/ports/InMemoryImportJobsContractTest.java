package io.cognate.ports;

import io.cognate.testing.InMemoryImportJobs;
import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.contracts.ImportJobsContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The import jobs contract on the in-memory store. */
class InMemoryImportJobsContractTest extends ImportJobsContract {
    @Override
    protected Storage newStorage() {
        var leaders = new InMemoryLeaderRecords(Clock.systemUTC());
        return new Storage(new InMemoryImportJobs(REGION, leaders), LeaderStore.of(leaders));
    }
}
