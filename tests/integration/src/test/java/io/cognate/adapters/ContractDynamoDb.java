package io.cognate.adapters;

import io.cognate.adapters.aws.DynamoDbJsonClient;
import io.cognate.config.Lazy;
import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local for every store contract run in this JVM, started on first use and stopped
 * when the JVM ends (a server each cost a start per class). Each class, or each test, takes
 * tables under a prefix of its own, so the runs never meet. The stores are run on the client
 * Lambda's wiring gives them.
 */
final class ContractDynamoDb {
    private static final Lazy<LocalDynamoDb> DB = Lazy.of(() -> {
        LocalDynamoDb db = LocalDynamoDb.start("us-east-1");
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        return db;
    });

    private static final Lazy<DynamoDbClient> CLIENT = Lazy.of(() ->
            DynamoDbJsonClient.wrap(DB.get().client(), List.of(), Clock.systemUTC()));

    private ContractDynamoDb() {
    }

    /**
     * The client the stores get on Lambda ({@code AwsClients.dynamoDb()}): item operations as
     * {@link DynamoDbJsonClient} sends them, the rest through the SDK client.
     */
    static DynamoDbClient client() {
        return CLIENT.get();
    }

    /** The SDK's own client of the same server. */
    static DynamoDbClient sdkClient() {
        return DB.get().client();
    }

    /** Cognate's tables under {@code prefix}, created if missing. */
    static TableNames tables(String prefix) {
        TableNames names = TableNames.withPrefix(prefix);
        new CognateTables(names).createIfMissing(sdkClient());
        return names;
    }

    /** A new, empty set of Cognate's tables. */
    static TableNames freshTables() {
        return tables("t" + UUID.randomUUID().toString().substring(0, 8));
    }
}
