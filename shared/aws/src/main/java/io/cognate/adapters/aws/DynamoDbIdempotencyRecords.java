package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.ports.IdempotencyRecords;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The regional Idempotency table: one item per request key at {@code <key>} / {@code ANSWER},
 * with the answer as a string map {@code answer}, {@code status} {@code COMPLETED} and
 * {@code expiration} and {@code ttl} (epoch seconds). DynamoDB deletes expired items within
 * days, not at once, so reads also compare {@code expiration} with the clock.
 */
public final class DynamoDbIdempotencyRecords implements IdempotencyRecords {
    private static final String SK = "ANSWER";
    private static final String COMPLETED = "COMPLETED";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbIdempotencyRecords(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Map<String, String>> find(String requestKey, Instant now) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key(requestKey, SK)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        AttributeValue expiration = item.get("expiration");
        if (expiration == null || Long.parseLong(expiration.n()) <= now.getEpochSecond()
                || item.get("answer") == null || !item.get("answer").hasM()) {
            return Optional.empty();
        }
        Map<String, String> answer = new HashMap<>();
        item.get("answer").m().forEach((name, value) -> answer.put(name, value.s()));
        return Optional.of(answer);
    }

    @Override
    public boolean remember(String requestKey, Map<String, String> answer, Instant now, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(requestKey, SK));
        Map<String, AttributeValue> stored = new HashMap<>();
        answer.forEach((name, value) -> stored.put(name, s(value)));
        item.put("answer", AttributeValue.fromM(stored));
        item.put("status", s(COMPLETED));
        item.put("expiration", n(expiresAt.getEpochSecond()));
        item.put("ttl", n(expiresAt.getEpochSecond()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR #expiration <= :now")
                    .expressionAttributeNames(Map.of("#pk", "pk", "#expiration", "expiration"))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException firstAnswerStands) {
            return false;
        }
    }
}
