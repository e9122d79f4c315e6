package io.cognate.adapters.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing DynamoDB attribute values for Cognate's items. */
final class Items {
    static final String PK = "pk";
    static final String SK = "sk";

    private Items() {
    }

    /** Every item of partition {@code pk}, read consistently, page after page. */
    static List<Map<String, AttributeValue>> partition(DynamoDbClient dynamo, String table, String pk) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk)))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue millis(Instant instant) {
        return n(instant.toEpochMilli());
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static Optional<String> optionalString(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(string(item, name));
    }

    /** The number attribute {@code name}, 0 when the item has none (items written before it existed). */
    static long numberOrZero(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new IllegalStateException("item lacks number attribute " + name);
        }
        return Long.parseLong(value.n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(number(item, name));
    }

    static boolean bool(Map<String, AttributeValue> item, String name, boolean fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.bool() == null ? fallback : value.bool();
    }
}
