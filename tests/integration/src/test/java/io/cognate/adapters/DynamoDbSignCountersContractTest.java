package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbSignCounters;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.SignCounters;
import io.cognate.testing.contracts.SignCountersContract;
import java.time.Clock;

/**
 * The {@link SignCountersContract} on {@link DynamoDbSignCounters}, against DynamoDB Local. Both
 * regions write the one Sessions table here, so nothing waits on replication.
 */
class DynamoDbSignCountersContractTest extends SignCountersContract {
    private static final TableNames TABLES = ContractDynamoDb.tables("sign-count-contract");

    @Override
    protected SignCounters countersIn(String region) {
        return new DynamoDbSignCounters(ContractDynamoDb.client(), TABLES.sessions(), region, Clock.systemUTC());
    }
}
