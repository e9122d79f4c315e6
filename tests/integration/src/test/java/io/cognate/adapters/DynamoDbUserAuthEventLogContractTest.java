package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbUserAuthEventLog;
import io.cognate.ports.UserAuthEventLog;
import io.cognate.testing.contracts.UserAuthEventLogContract;

/** The event log contract on the Directory table, on DynamoDB Local through the real SDK client. */
class DynamoDbUserAuthEventLogContractTest extends UserAuthEventLogContract {
    @Override
    protected UserAuthEventLog newLog() {
        return new DynamoDbUserAuthEventLog(ContractDynamoDb.client(), ContractDynamoDb.freshTables().directory(),
                "us-east-1");
    }
}
