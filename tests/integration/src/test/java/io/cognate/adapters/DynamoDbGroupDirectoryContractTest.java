package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbGroupDirectory;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.GroupDirectoryContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The group directory contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbGroupDirectoryContractTest extends GroupDirectoryContract {

    @Override
    protected Storage newStorage() {
        TableNames tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(
                new DynamoDbGroupDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }
}
