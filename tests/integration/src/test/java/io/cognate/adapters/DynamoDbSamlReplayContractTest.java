package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbPendingSamlRequests;
import io.cognate.adapters.aws.DynamoDbUsedSamlAssertions;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.PendingSamlRequests;
import io.cognate.ports.UsedSamlAssertions;
import io.cognate.testing.contracts.SamlReplayContract;

/**
 * The {@link SamlReplayContract} on {@link DynamoDbPendingSamlRequests} and
 * {@link DynamoDbUsedSamlAssertions}, against DynamoDB Local. Both regions write the one table
 * here, so nothing waits on replication.
 */
class DynamoDbSamlReplayContractTest extends SamlReplayContract {
    private static final TableNames TABLES = ContractDynamoDb.tables("saml-contract");

    @Override
    protected PendingSamlRequests pendingRequestsIn(String region) {
        return new DynamoDbPendingSamlRequests(ContractDynamoDb.client(), TABLES.sessions(), region);
    }

    @Override
    protected UsedSamlAssertions usedAssertionsIn(String region) {
        return new DynamoDbUsedSamlAssertions(ContractDynamoDb.client(), TABLES.sessions(), region);
    }
}
