package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbAdminKeys;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.AdminKeysContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The admin keys contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbAdminKeysContractTest extends AdminKeysContract {
    @Override
    protected Storage newStorage() {
        TableNames tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbAdminKeys(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }
}
