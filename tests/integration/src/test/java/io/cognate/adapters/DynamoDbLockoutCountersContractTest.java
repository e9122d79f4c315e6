package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLockoutCounters;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.LockoutCounters;
import io.cognate.testing.contracts.LockoutCountersContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link LockoutCountersContract} on {@link DynamoDbLockoutCounters}, against DynamoDB Local. */
class DynamoDbLockoutCountersContractTest extends LockoutCountersContract {
    private static final TableNames TABLES = TableNames.withPrefix("counters-contract");
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
    protected LockoutCounters newCounters() {
        return new DynamoDbLockoutCounters(db.client(), TABLES.lockout());
    }
}
