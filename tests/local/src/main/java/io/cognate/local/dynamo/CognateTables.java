package io.cognate.local.dynamo;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Cognate's table set in one region: every table is keyed by {@code pk} (S, HASH) + {@code sk} (S, RANGE), on-demand,
 * with TTL on {@code ttl}. The global tables carry a NEW_AND_OLD_IMAGES stream (what global-table replication
 * reads); the lockout table is regional and has none.
 */
public final class CognateTables {

  public static final String PARTITION_KEY = "pk";
  public static final String SORT_KEY = "sk";
  public static final String TTL_ATTRIBUTE = "ttl";

  private static final Logger log = LoggerFactory.getLogger(CognateTables.class);
  private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(30);

  private final TableNames names;

  public CognateTables(TableNames names) {
    this.names = names;
  }

  public TableNames names() {
    return names;
  }

  /** The tables that are replicated between regions. */
  public List<String> globalTables() {
    return names.global();
  }

  /** The tables that stay in their region. */
  public List<String> regionalTables() {
    return names.regional();
  }

  public boolean isGlobal(String table) {
    return names.isGlobal(table);
  }

  /**
   * Creates whatever is missing of the table set in the region {@code dynamo} talks to; safe to call again. Existing
   * global tables without a stream get one; TTL is enabled where it is not.
   */
  public void createIfMissing(DynamoDbClient dynamo) {
    for (String table : names.all()) {
      boolean global = isGlobal(table);
      TableDescription description = describe(dynamo, table);
      if (description == null) {
        create(dynamo, table, global);
      }
      description = awaitActive(dynamo, table);
      if (global) {
        ensureStream(dynamo, description);
      }
      ensureTtl(dynamo, table);
    }
  }

  /**
   * Creates a regional table outside the set (same keys, TTL on {@code ttl}) unless it exists:
   * the Idempotency table, which only identity-api uses.
   */
  public void createRegionalIfMissing(DynamoDbClient dynamo, String table) {
    if (describe(dynamo, table) == null) {
      create(dynamo, table, false);
    }
    awaitActive(dynamo, table);
    ensureTtl(dynamo, table);
  }

  private void create(DynamoDbClient dynamo, String table, boolean global) {
    try {
      dynamo.createTable(b -> {
        b.tableName(table)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(stringAttribute(PARTITION_KEY), stringAttribute(SORT_KEY))
            .keySchema(key(PARTITION_KEY, KeyType.HASH), key(SORT_KEY, KeyType.RANGE));
        if (global) {
          b.streamSpecification(newAndOldImages());
        }
      });
      log.debug("created table {}", table);
    } catch (ResourceInUseException e) {
      log.debug("table {} was created concurrently", table); // someone else won the race; that is fine
    }
  }

  private static void ensureStream(DynamoDbClient dynamo, TableDescription description) {
    StreamSpecification stream = description.streamSpecification();
    if (stream != null && Boolean.TRUE.equals(stream.streamEnabled())) {
      if (stream.streamViewType() != StreamViewType.NEW_AND_OLD_IMAGES) {
        throw new IllegalStateException("table " + description.tableName() + " streams " + stream.streamViewType()
            + "; replication needs NEW_AND_OLD_IMAGES (disable the stream and run again)");
      }
      return;
    }
    dynamo.updateTable(b -> b.tableName(description.tableName()).streamSpecification(newAndOldImages()));
    awaitActive(dynamo, description.tableName());
  }

  private static void ensureTtl(DynamoDbClient dynamo, String table) {
    TimeToLiveDescription ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
    TimeToLiveStatus status = ttl == null ? TimeToLiveStatus.DISABLED : ttl.timeToLiveStatus();
    if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
      if (!TTL_ATTRIBUTE.equals(ttl.attributeName())) {
        throw new IllegalStateException("table " + table + " expires items on '" + ttl.attributeName()
            + "', Cognate needs '" + TTL_ATTRIBUTE + "'");
      }
      return;
    }
    dynamo.updateTimeToLive(b -> b.tableName(table)
        .timeToLiveSpecification(s -> s.attributeName(TTL_ATTRIBUTE).enabled(true)));
  }

  private static TableDescription describe(DynamoDbClient dynamo, String table) {
    try {
      return dynamo.describeTable(b -> b.tableName(table)).table();
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  // DynamoDB Local creates tables ACTIVE at once; AWS takes seconds, so keep this honest for both.
  private static TableDescription awaitActive(DynamoDbClient dynamo, String table) {
    long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
    while (true) {
      TableDescription description = describe(dynamo, table);
      if (description != null && description.tableStatus() == TableStatus.ACTIVE) {
        return description;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("table " + table + " not ACTIVE after " + ACTIVE_TIMEOUT);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for table " + table, e);
      }
    }
  }

  private static StreamSpecification newAndOldImages() {
    return StreamSpecification.builder().streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build();
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
