package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.ports.UsedTotpCodes;
import java.time.Instant;
import java.util.HashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The TOTP replay cache in the Sessions global table: {@code TOTP#<sub>/STEP#<time step>}, put
 * only if absent (TTL {@code ttl}). Global rather than regional, so a code used in one region is
 * refused in the others once the item has replicated; two regions accepting the same code within
 * the replication lag write the same item with the same meaning, so last-writer-wins loses
 * nothing.
 */
public final class DynamoDbUsedTotpCodes implements UsedTotpCodes {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;

    public DynamoDbUsedTotpCodes(DynamoDbClient dynamo, String table, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
    }

    @Override
    public boolean claim(String sub, long step, Instant forgetAfter) {
        var item = new HashMap<>(key("TOTP#" + sub, "STEP#" + step));
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
