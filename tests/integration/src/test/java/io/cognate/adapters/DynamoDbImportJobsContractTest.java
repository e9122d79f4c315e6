package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbImportJobs;
import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.ImportJobsContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;

/** The import jobs contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbImportJobsContractTest extends ImportJobsContract {
    @Override
    protected Storage newStorage() {
        TableNames tables = ContractDynamoDb.freshTables();
        var leaders = new DynamoDbLeaderRecords(ContractDynamoDb.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbImportJobs(ContractDynamoDb.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }
}
