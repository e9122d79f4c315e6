package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.LockoutCounters;
import io.cognate.testing.contracts.LockoutCountersContract;

/** The {@link LockoutCountersContract} on {@link DynamoDbLockoutCounters}, against DynamoDB Local. */
class DynamoDbLockoutCountersContractTest extends LockoutCountersContract {
    private static final TableNames TABLES = ContractDynamoDb.tables("counters-contract");

    @Override
    protected LockoutCounters newCounters() {
        return new DynamoDbLockoutCounters(ContractDynamoDb.client(), TABLES.lockout());
    }
}
