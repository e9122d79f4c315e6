package io.cognate.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.adapters.aws.DynamoDbJsonClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link DynamoDbJsonClient} against DynamoDB Local, each step made once through the SDK's client
 * and once through it on twin items: the same answers (items of every attribute type, query
 * pages, consumed capacity), the same refusals with the same members (the item a failed condition
 * returns, a cancelled transaction's reasons, a validation error).
 */
class DynamoDbJsonClientWireTest {
    private static String table;

    @BeforeAll
    static void createTable() {
        table = "wire-" + UUID.randomUUID().toString().substring(0, 8);
        ContractDynamoDb.sdkClient().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                                .attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
    }

    @Test
    void answersAsTheSdkClientAnswers() {
        List<String> ours = run(DynamoDbJsonClient.wrap(ContractDynamoDb.sdkClient(), List.of(), Clock.systemUTC()), "a");
        List<String> sdk = run(ContractDynamoDb.sdkClient(), "b");
        assertThat(ours).hasSize(9).isEqualTo(sdk);
    }

    /** Each step's answer or refusal, as text with the partition's own name taken out. */
    private static List<String> run(DynamoDbClient client, String twin) {
        String pk = "USER#" + twin;
        Map<String, AttributeValue> item = new LinkedHashMap<>(every(pk));
        List<String> seen = new ArrayList<>();
        Function<Object, String> shown = answer -> (answer instanceof SdkPojo pojo ? fields(pojo) : answer.toString())
                .replace(pk, "USER#twin");
        seen.add(shown.apply(client.putItem(b -> b.tableName(table).item(item)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))));
        seen.add(shown.apply(client.getItem(b -> b.tableName(table).key(key(pk, "profile")).consistentRead(true))));
        seen.add(shown.apply(client.updateItem(b -> b.tableName(table).key(key(pk, "profile"))
                .updateExpression("SET #v = #v + :one, note = :note REMOVE b")
                .expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                        ":note", AttributeValue.fromS("tab\there \u0001 and \"quotes\"")))
                .returnValues(ReturnValue.ALL_NEW))));
        for (int i = 0; i < 3; i++) {
            String sk = "device#" + i;
            client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk),
                    "sk", AttributeValue.fromS(sk))));
        }
        var firstPage = client.query(b -> b.tableName(table).keyConditionExpression("pk = :p and begins_with(sk, :d)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk), ":d", AttributeValue.fromS("device#")))
                .limit(2).consistentRead(true));
        seen.add(shown.apply(firstPage));
        seen.add(shown.apply(client.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p and begins_with(sk, :d)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk), ":d", AttributeValue.fromS("device#")))
                .exclusiveStartKey(firstPage.lastEvaluatedKey()).consistentRead(true))));
        try {
            client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            seen.add("written over");
        } catch (ConditionalCheckFailedException refused) {
            seen.add("refused " + refused.statusCode() + " " + refused.awsErrorDetails().errorCode() + " "
                    + shown.apply(refused.item().toString()));
        }
        try {
            client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(pk, "profile"))
                            .conditionExpression("version = :v")
                            .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("99")))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk),
                            "sk", AttributeValue.fromS("other")))).build()));
            seen.add("committed");
        } catch (TransactionCanceledException cancelled) {
            seen.add("cancelled " + cancelled.awsErrorDetails().errorCode() + " "
                    + shown.apply(cancelled.cancellationReasons().toString()));
        }
        try {
            client.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk))));
            seen.add("read without its sort key");
        } catch (DynamoDbException invalid) {
            seen.add("invalid " + invalid.getClass().getSimpleName() + " " + invalid.statusCode() + " "
                    + invalid.awsErrorDetails().errorCode());
        }
        seen.add(shown.apply(client.deleteItem(b -> b.tableName(table).key(key(pk, "profile"))
                .returnValues(ReturnValue.ALL_OLD))));
        return seen;
    }

    /** Member by member, so two answers compare without their HTTP responses. */
    private static String fields(SdkPojo pojo) {
        var text = new StringBuilder();
        pojo.sdkFields().forEach(field -> text.append(field.memberName()).append('=')
                .append(field.getValueOrDefault(pojo)).append(';'));
        return text.toString();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> every(String pk) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(pk, "profile"));
        item.put("version", AttributeValue.fromN("1"));
        item.put("name", AttributeValue.fromS("Zoë \u00e9\u4e2d \ud83d\ude00"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) 0xff, 7})));
        item.put("ok", AttributeValue.fromBool(false));
        item.put("none", AttributeValue.fromNul(true));
        item.put("ss", AttributeValue.fromSs(List.of("x", "y")));
        item.put("ns", AttributeValue.fromNs(List.of("1.5", "-3")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}))));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromL(List.of()))));
        item.put("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of("n", AttributeValue.fromN("12345678901234567890"))))));
        return item;
    }
}
