package io.cognate.local.usage;

import io.cognate.local.LocalCredentials;
import io.cognate.local.dynamo.LocalDynamoDb;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The units DynamoDB Local answers, counted as DynamoDB bills them (small items: one write unit a
 * write, two in a transaction; a strongly consistent read one unit, an eventually consistent one half).
 */
class SdkCallCounterOnDynamoDbLocalTest {
    private static LocalDynamoDb db;
    private static DynamoDbClient counted;
    private static SdkCallCounter counter;

    @BeforeAll
    static void start() {
        db = LocalDynamoDb.start("eu-west-1");
        db.client().createTable(b -> b.tableName("units").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        counter = new SdkCallCounter();
        counted = DynamoDbClient.builder().endpointOverride(db.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(LocalCredentials.PROVIDER).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
    }

    @AfterAll
    static void stop() {
        counted.close();
        db.close();
    }

    private static double units(String field) {
        return ((Number) counter.snapshot().get(field)).doubleValue();
    }

    @Test
    void unitsAreCountedAsDynamoDbBillsThem() {
        var soft = new SoftAssertions();
        var item = Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromS("small"));
        double writes = units("dynamoWriteUnits");
        counted.putItem(b -> b.tableName("units").item(item));
        soft.assertThat(units("dynamoWriteUnits") - writes).as("PutItem").isEqualTo(1.0);

        writes = units("dynamoWriteUnits");
        counted.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName("units").item(Map.of("pk", AttributeValue.fromS("b")))).build()));
        soft.assertThat(units("dynamoWriteUnits") - writes).as("a transaction's item counts twice").isEqualTo(2.0);

        writes = units("dynamoWriteUnits");
        var big = Map.of("pk", AttributeValue.fromS("c"), "v", AttributeValue.fromS("x".repeat(1500)));
        counted.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("units").item(big)).build(),
                TransactWriteItem.builder().put(p -> p.tableName("units").item(Map.of("pk", AttributeValue.fromS("d")))).build()));
        soft.assertThat(units("dynamoWriteUnits") - writes).as("1.5 KB and a small item in a transaction: (2 + 1) × 2").isEqualTo(6.0);

        double reads = units("dynamoReadUnits");
        counted.getItem(b -> b.tableName("units").key(Map.of("pk", AttributeValue.fromS("a"))).consistentRead(true));
        soft.assertThat(units("dynamoReadUnits") - reads).as("consistent GetItem").isEqualTo(1.0);

        reads = units("dynamoReadUnits");
        counted.getItem(b -> b.tableName("units").key(Map.of("pk", AttributeValue.fromS("a"))));
        soft.assertThat(units("dynamoReadUnits") - reads).as("eventually consistent GetItem").isEqualTo(0.5);

        reads = units("dynamoReadUnits");
        counted.query(b -> b.tableName("units").keyConditionExpression("pk = :k")
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS("nobody"))));
        soft.assertThat(units("dynamoReadUnits") - reads).as("a Query that finds nothing").isEqualTo(0.5);

        soft.assertThat(units("dynamoCallsWithoutCapacity")).isZero();
        @SuppressWarnings("unchecked")
        var calls = (Map<String, Map<String, Long>>) counter.snapshot().get("calls");
        soft.assertThat(calls.get("DynamoDb")).containsEntry("PutItem", 1L).containsEntry("TransactWriteItems", 2L)
                .containsEntry("GetItem", 2L).containsEntry("Query", 1L);
        soft.assertAll();
    }
}
