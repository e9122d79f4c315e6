package io.cognate.local.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class CognateTablesTest {

  private static LocalDynamoDb db;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void startDynamoDb() {
    db = LocalDynamoDb.start("eu-west-1");
    dynamo = db.client();
  }

  @AfterAll
  static void stopDynamoDb() {
    db.close();
  }

  @Test
  void createsEveryTableKeyedOnDemandWithTtlAndStreamsOnlyOnGlobalTables() {
    var tables = new CognateTables(TableNames.withPrefix("shape"));
    tables.createIfMissing(dynamo);

    for (String table : tables.names().all()) {
      TableDescription description = dynamo.describeTable(b -> b.tableName(table)).table();
      assertThat(description.keySchema()).containsExactly(
          KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
          KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
      assertThat(description.attributeDefinitions()).containsExactlyInAnyOrder(
          AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
          AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build());
      assertThat(description.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
      var ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
      assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
      assertThat(ttl.attributeName()).isEqualTo("ttl");
      if (tables.isGlobal(table)) {
        assertThat(description.streamSpecification().streamEnabled()).isTrue();
        assertThat(description.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
      } else {
        assertThat(description.streamSpecification()).isNull();
      }
    }
    assertThat(tables.globalTables()).containsExactly("shape-directory", "shape-sessions", "shape-control");
    assertThat(tables.regionalTables()).containsExactly("shape-lockout");
  }

  @Test
  void isIdempotentAndCompletesAPartlyCreatedSet() {
    var names = TableNames.withPrefix("partial");
    // A directory table from an older setup: no stream, no TTL.
    dynamo.createTable(b -> b.tableName(names.directory())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
        .keySchema(
            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
    var tables = new CognateTables(names);

    tables.createIfMissing(dynamo);
    tables.createIfMissing(dynamo);

    assertThat(dynamo.listTables().tableNames()).containsAll(names.all());
    TableDescription directory = dynamo.describeTable(b -> b.tableName(names.directory())).table();
    assertThat(directory.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(dynamo.describeTimeToLive(b -> b.tableName(names.directory())).timeToLiveDescription().timeToLiveStatus())
        .isEqualTo(TimeToLiveStatus.ENABLED);
  }
}
