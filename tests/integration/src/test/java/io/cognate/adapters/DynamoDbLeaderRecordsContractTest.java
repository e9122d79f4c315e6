package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.LeaderRecordsContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The leader record contract on the Control table, on DynamoDB Local through the real SDK client. */
class DynamoDbLeaderRecordsContractTest extends LeaderRecordsContract {

    @Override
    protected LeaderStore newLeaderStore(Clock clock) {
        TableNames tables = ContractDynamoDb.freshTables();
        return LeaderStore.of(new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), clock));
    }
}
