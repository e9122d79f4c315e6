package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbUsedTotpCodes;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.ports.UsedTotpCodes;
import io.cognate.testing.contracts.UsedTotpCodesContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link UsedTotpCodesContract} on {@link DynamoDbUsedTotpCodes}, against DynamoDB Local.
 * Both regions write the one table here, so nothing waits on replication.
 */
class DynamoDbUsedTotpCodesContractTest extends UsedTotpCodesContract {
    private static final TableNames TABLES = TableNames.withPrefix("totp-contract");
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
    protected UsedTotpCodes usedCodesIn(String region) {
        return new DynamoDbUsedTotpCodes(db.client(), TABLES.sessions(), region);
    }
}
