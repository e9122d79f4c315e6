package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUiCustomizations;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.UiCustomizationContract;
import java.time.Clock;

/** The UI customization contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbUiCustomizationContractTest extends UiCustomizationContract {
    @Override
    protected Storage newStorage() {
        TableNames tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbUiCustomizations(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }
}
