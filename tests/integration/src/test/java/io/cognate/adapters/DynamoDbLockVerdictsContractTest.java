package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLockVerdicts;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.LockVerdicts;
import io.cognate.testing.contracts.LockVerdictsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link LockVerdictsContract} on {@link DynamoDbLockVerdicts}, against DynamoDB Local. */
class DynamoDbLockVerdictsContractTest extends LockVerdictsContract {
    private static final TableNames TABLES = TableNames.withPrefix("verdicts-contract");
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
    protected LockVerdicts newLockVerdicts() {
        return new DynamoDbLockVerdicts(db.client(), TABLES.sessions());
    }
}
