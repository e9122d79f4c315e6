package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbDevices;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.DeviceStoreContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The device store contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbDevicesContractTest extends DeviceStoreContract {

    @Override
    protected Storage newStorage() {
        TableNames tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbDevices(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                new DynamoDbUserDirectory(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }
}
