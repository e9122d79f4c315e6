package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbLeaderRecords;
import io.cognate.adapters.aws.DynamoDbUserDirectory;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import io.cognate.testing.contracts.LeaderStore;
import io.cognate.testing.contracts.UserDirectoryContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Directory contract on the Directory and Control tables, on DynamoDB Local through the real SDK client. */
class DynamoDbUserDirectoryContractTest extends UserDirectoryContract {
    private static LocalDynamoDb db;

    @BeforeAll
    static void start() {
        db = LocalDynamoDb.start(REGION);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Override
    protected Storage newStorage() {
        TableNames tables = FreshTables.in(db);
        var leaders = new DynamoDbLeaderRecords(db.client(), tables.control(), Clock.systemUTC());
        return new Storage(new DynamoDbUserDirectory(db.client(), tables.directory(), tables.control(), REGION),
                LeaderStore.of(leaders));
    }
}
