package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.ports.UpstreamStates;
import java.time.Instant;
import java.util.HashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Used upstream states in the Sessions global table, {@code UPSTREAM_STATE#<id>/USED}, with a TTL:
 * put only where none is. Two regions claiming one state in the same replication window could both
 * succeed (global tables replicate last-writer-wins); the state is single-use within a region at
 * once and everywhere after replication (about a second), and the upstream code inside it is itself
 * single-use at the provider, so the second claim cannot exchange it again.
 */
public final class DynamoDbUpstreamStates implements UpstreamStates {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String region;

    public DynamoDbUpstreamStates(DynamoDbClient dynamo, String table, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.region = region;
    }

    @Override
    public boolean claim(String stateId, Instant forgetAfter) {
        var item = new HashMap<>(key("UPSTREAM_STATE#" + stateId, "USED"));
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
