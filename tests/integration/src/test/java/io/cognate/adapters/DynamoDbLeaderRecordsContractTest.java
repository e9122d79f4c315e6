package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.LeaderRecordsContract;
import io.cognate.testing.contracts.LeaderStore;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The leader record contract on the Control table, on DynamoDB Local through the real SDK client. */
class DynamoDbLeaderRecordsContractTest extends LeaderRecordsContract {
    private static LocalDynamoDb db;

    @BeforeAll
    static void start() {
        db = LocalDynamoDb.start(EAST);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Override
    protected LeaderStore newLeaderStore(Clock clock) {
        TableNames tables = FreshTables.in(db);
        return LeaderStore.of(new DynamoDbLeaderRecords(db.client(), tables.control(), clock));
    }
}
