package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLockVerdicts;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.LockVerdicts;
import io.cognate.testing.contracts.LockVerdictsContract;

/** The {@link LockVerdictsContract} on {@link DynamoDbLockVerdicts}, against DynamoDB Local. */
class DynamoDbLockVerdictsContractTest extends LockVerdictsContract {
    private static final TableNames TABLES = ContractDynamoDb.tables("verdicts-contract");

    @Override
    protected LockVerdicts newLockVerdicts() {
        return new DynamoDbLockVerdicts(ContractDynamoDb.client(), TABLES.sessions());
    }
}
