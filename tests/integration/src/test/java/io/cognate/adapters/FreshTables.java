package io.cognate.adapters;

import io.cognate.local.dynamo.CognateTables;
import io.cognate.local.dynamo.LocalDynamoDb;
import io.cognate.local.dynamo.TableNames;
import java.util.UUID;

/** A new, empty set of Cognate's tables under a prefix of its own, so tests sharing one DynamoDB Local never meet. */
final class FreshTables {
    private FreshTables() {
    }

    static TableNames in(LocalDynamoDb db) {
        TableNames names = TableNames.withPrefix("t" + UUID.randomUUID().toString().substring(0, 8));
        new CognateTables(names).createIfMissing(db.client());
        return names;
    }
}
