package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbSessionStore;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.SessionStore;
import io.cognate.testing.contracts.SessionStoreContract;

/** The {@link SessionStoreContract} on {@link DynamoDbSessionStore}, against DynamoDB Local. */
class DynamoDbSessionStoreContractTest extends SessionStoreContract {
    private static final TableNames TABLES = ContractDynamoDb.tables("sessions-contract");

    @Override
    protected SessionStore newSessionStore() {
        return new DynamoDbSessionStore(ContractDynamoDb.client(), TABLES.sessions());
    }
}
