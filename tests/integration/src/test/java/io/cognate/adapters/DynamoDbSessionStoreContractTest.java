package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbSessionStore;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.SessionStore;
import io.cognate.testing.contracts.SessionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link SessionStoreContract} on {@link DynamoDbSessionStore}, against DynamoDB Local. */
class DynamoDbSessionStoreContractTest extends SessionStoreContract {
    private static final TableNames TABLES = TableNames.withPrefix("sessions-contract");
    private static LocalDynamoDb db;

    @BeforeAll
    static void startDynamoDb() {
        db = LocalDynamoDb.start("us-east-1");
        new CognateTables(TABLES).createIfMissing(db.client());
    }

    @AfterAll
    static void stopDynamoDb() {
        db.close();
    }

    @Override
    protected SessionStore newSessionStore() {
        return new DynamoDbSessionStore(db.client(), TABLES.sessions());
    }
}
