package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;

import io.cognate.ports.SendBudgets;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Send budgets in the regional Lockout table: item {@code SENDS#<budget>} / {@code BUDGET}, one
 * conditional {@code UpdateItem} per send, removed by the table's TTL after its window.
 */
public final class DynamoDbSendBudgets implements SendBudgets {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSendBudgets(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean take(String budget, int limit, Instant expiresAt) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key("SENDS#" + budget, "BUDGET"))
                    .updateExpression("SET sends = if_not_exists(sends, :zero) + :one, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(sends) OR sends < :limit")
                    .expressionAttributeNames(Map.of("#ttl", "ttl"))
                    .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":limit", n(limit),
                            ":ttl", n(expiresAt.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException spent) {
            return false;
        }
    }
}
