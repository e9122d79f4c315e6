package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import java.time.Instant;
import java.util.HashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Marks that something was used once, in a global table: an item put only if absent, with the
 * region that put it and a TTL ({@code ttl}) when it may be forgotten. Two regions putting the
 * same mark within the replication lag write the same item with the same meaning, so
 * last-writer-wins loses nothing; once it has replicated, every region refuses a second use.
 */
final class SingleUseMarks {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;

    SingleUseMarks(DynamoDbClient dynamo, String table, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
    }

    /** True if this call put the mark; false if it was already there. */
    boolean claim(String pk, String sk, Instant forgetAfter) {
        var item = new HashMap<>(key(pk, sk));
        item.put("region", s(region));
        item.put("ttl", n(forgetAfter.getEpochSecond()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException used) {
            return false;
        }
    }
}
