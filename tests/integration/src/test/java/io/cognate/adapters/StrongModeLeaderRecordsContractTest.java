package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.local.dynamo.StrongConsistencyTable;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.LeaderRecordsContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;
import java.util.UUID;

/** The leader record contract in strong mode: the Claims table is the authority, the Control copy follows it. */
class StrongModeLeaderRecordsContractTest extends LeaderRecordsContract {

    @Override
    protected LeaderStore newLeaderStore(Clock clock) {
        TableNames tables = ContractDynamoDb.freshTables();
        var claims = StrongConsistencyTable.create(ContractDynamoDb.sdkClient(),
                "c" + UUID.randomUUID().toString().substring(0, 8) + "-claims");
        return LeaderStore.of(DynamoDbLeaderRecords.forMode(ContractDynamoDb.client(), tables.control(), claims.name(), clock));
    }
}
