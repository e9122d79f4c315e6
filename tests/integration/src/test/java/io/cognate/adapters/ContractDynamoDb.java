package io.cognate.adapters;

import io.cognate.config.Lazy;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local for every store contract run in this JVM, started on first use and stopped
 * when the JVM ends (a server each cost a start per class). Each class, or each test, takes
 * tables under a prefix of its own, so the runs never meet.
 */
final class ContractDynamoDb {
    private static final Lazy<LocalDynamoDb> DB = Lazy.of(() -> {
        LocalDynamoDb db = LocalDynamoDb.start("us-east-1");
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        return db;
    });

    private ContractDynamoDb() {
    }

    static DynamoDbClient client() {
        return DB.get().client();
    }

    /** Cognate's tables under {@code prefix}, created if missing. */
    static TableNames tables(String prefix) {
        TableNames names = TableNames.withPrefix(prefix);
        new CognateTables(names).createIfMissing(client());
        return names;
    }

    /** A new, empty set of Cognate's tables. */
    static TableNames freshTables() {
        return tables("t" + UUID.randomUUID().toString().substring(0, 8));
    }
}
