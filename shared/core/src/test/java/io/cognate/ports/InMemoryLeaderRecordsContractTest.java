package io.cognate.ports;

import io.cognate.testing.InMemoryLeaderRecords;
import io.cognate.testing.contracts.LeaderRecordsContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The leader record contract on the in-memory record the other modules' tests use. */
class InMemoryLeaderRecordsContractTest extends LeaderRecordsContract {
    @Override
    protected LeaderStore newLeaderStore(Clock clock) {
        return LeaderStore.of(new InMemoryLeaderRecords(clock));
    }
}
