package io.cognate.local.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Two in-process regions with Cognate's tables, replicated. The servers are shared; every test uses its own keys. */
class GlobalTableReplicatorTest {

  private static final String EAST = "us-east-1";
  private static final String WEST = "eu-west-1";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final TableNames TABLES = TableNames.defaults();
  private static final String SEEDED_BEFORE_START = "seeded-before-start";

  private static LocalDynamoDb east;
  private static LocalDynamoDb west;
  private static GlobalTableReplicator replicator;

  @BeforeAll
  static void startRegions() {
    east = LocalDynamoDb.start(EAST);
    west = LocalDynamoDb.start(WEST);
    var tables = new CognateTables(TABLES);
    tables.createIfMissing(east.client());
    tables.createIfMissing(west.client());
    put(east, TABLES.control(), SEEDED_BEFORE_START, "v", "1");
    replicator = GlobalTableReplicator.builder()
        .region(east)
        .region(west)
        .tables(tables.globalTables())
        .pollInterval(Duration.ofMillis(25))
        .start();
  }

  @AfterAll
  static void stopRegions() {
    if (replicator != null) {
      replicator.close();
    }
    if (east != null) {
      east.close();
    }
    if (west != null) {
      west.close();
    }
  }

  @BeforeEach
  @AfterEach
  void quiesce() {
    replicator.resume();
    replicator.setLagMillis(0);
    replicator.setRegionDown(EAST, false);
    replicator.setRegionDown(WEST, false);
    assertThat(replicator.awaitReplicated(WAIT)).isTrue();
  }

  @Test
  void anItemPutInOneRegionAppearsInTheOther() {
    String pk = key();
    put(east, TABLES.directory(), pk, "email", "ada@example.com");

    awaitReplicated();

    assertThat(get(west, TABLES.directory(), pk)).isEqualTo(get(east, TABLES.directory(), pk)).isNotEmpty();
  }

  @Test
  void anUpdateInTheSecondRegionFlowsBack() {
    String pk = key();
    put(east, TABLES.sessions(), pk, "state", "active");
    awaitReplicated();

    west.client().updateItem(b -> b.tableName(TABLES.sessions()).key(itemKey(pk))
        .updateExpression("SET #s = :s, #n = :n")
        .expressionAttributeNames(Map.of("#s", "state", "#n", "refreshes"))
        .expressionAttributeValues(Map.of(":s", s("revoked"), ":n", AttributeValue.fromN("3"))));
    awaitReplicated();

    assertThat(get(east, TABLES.sessions(), pk))
        .containsEntry("state", s("revoked"))
        .containsEntry("refreshes", AttributeValue.fromN("3"))
        .isEqualTo(get(west, TABLES.sessions(), pk));
  }

  @Test
  void aDeleteReplicates() {
    String pk = key();
    put(west, TABLES.control(), pk, "v", "1");
    awaitReplicated();
    assertThat(get(east, TABLES.control(), pk)).isNotEmpty();

    east.client().deleteItem(b -> b.tableName(TABLES.control()).key(itemKey(pk)));
    awaitReplicated();

    assertThat(get(west, TABLES.control(), pk)).isEmpty();
    assertThat(get(east, TABLES.control(), pk)).isEmpty();
  }

  @Test
  void bothItemsOfATransactionInTwoTablesReplicate() {
    String user = key();
    String session = key();
    east.client().transactWriteItems(b -> b.transactItems(
        TransactWriteItem.builder().put(p -> p.tableName(TABLES.directory()).item(item(user, "name", "ada"))
            .conditionExpression("attribute_not_exists(pk)")).build(),
        TransactWriteItem.builder().put(p -> p.tableName(TABLES.sessions()).item(item(session, "user", user))).build()));

    awaitReplicated();

    assertThat(get(west, TABLES.directory(), user)).containsEntry("name", s("ada"));
    assertThat(get(west, TABLES.sessions(), session)).containsEntry("user", s(user));
  }

  @Test
  void lockoutCountersStayInTheirRegion() {
    String pk = key();
    put(east, TABLES.lockout(), pk, "failures", "3");

    awaitReplicated();

    assertThat(replicator.tables()).doesNotContain(TABLES.lockout());
    assertThat(get(east, TABLES.lockout(), pk)).isNotEmpty();
    assertThat(get(west, TABLES.lockout(), pk)).isEmpty();
  }

  @Test
  void writesMadeBeforeTheReplicatorStartedAreReplicated() {
    assertThat(get(west, TABLES.control(), SEEDED_BEFORE_START)).containsEntry("v", s("1"));
  }

  @Test
  void replicatedWritesDoNotComeBack() {
    long eastToWest = replicator.appliedCount(EAST, WEST);
    long westToEast = replicator.appliedCount(WEST, EAST);
    long observed = replicator.observedWrites();
    String a = key();
    String b = key();
    String c = key();

    put(east, TABLES.directory(), a, "v", "1");
    put(east, TABLES.directory(), b, "v", "1");
    put(east, TABLES.sessions(), c, "v", "1");
    awaitReplicated();
    put(west, TABLES.directory(), a, "v", "2");
    east.client().deleteItem(r -> r.tableName(TABLES.directory()).key(itemKey(b)));
    west.client().transactWriteItems(r -> r.transactItems(
        TransactWriteItem.builder().put(p -> p.tableName(TABLES.sessions()).item(item(c, "v", "2"))).build(),
        TransactWriteItem.builder().put(p -> p.tableName(TABLES.control()).item(item(c, "v", "2"))).build()));
    awaitReplicated();

    // East wrote 4 times (3 puts, 1 delete), west 3 times (a put and a two-item transaction).
    assertThat(replicator.observedWrites() - observed).isEqualTo(7);
    assertThat(replicator.appliedCount(EAST, WEST) - eastToWest).isEqualTo(4);
    assertThat(replicator.appliedCount(WEST, EAST) - westToEast).isEqualTo(3);

    awaitReplicated(); // more full passes over every stream: nothing new may appear
    awaitReplicated();
    assertThat(replicator.observedWrites() - observed).isEqualTo(7);
    assertThat(replicator.appliedCount(EAST, WEST) - eastToWest).isEqualTo(4);
    assertThat(replicator.appliedCount(WEST, EAST) - westToEast).isEqualTo(3);
    assertThat(get(east, TABLES.directory(), a)).containsEntry("v", s("2"));
    assertThat(get(west, TABLES.directory(), b)).isEmpty();
    assertThat(get(east, TABLES.control(), c)).containsEntry("v", s("2"));
  }

  @Test
  void pauseHoldsWritesBackAndResumeDeliversThemInOrder() {
    String pk = key();
    replicator.pause();
    put(east, TABLES.directory(), pk, "v", "1");
    put(east, TABLES.directory(), pk, "v", "2");
    east.client().deleteItem(b -> b.tableName(TABLES.directory()).key(itemKey(pk)));
    put(east, TABLES.directory(), pk, "v", "3");
    awaitUntil(() -> replicator.stats(EAST, WEST).pending() == 4);

    assertThat(get(west, TABLES.directory(), pk)).isEmpty();
    assertThatThrownBy(() -> replicator.awaitReplicated(WAIT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("paused");
    assertThat(replicator.replicationLag(EAST, WEST)).isPositive();

    replicator.resume();
    awaitReplicated();

    assertThat(get(west, TABLES.directory(), pk)).containsEntry("v", s("3"));
    assertThat(replicator.stats(EAST, WEST).pending()).isZero();
    assertThat(replicator.replicationLag(EAST, WEST)).isZero();
  }

  @Test
  void lagDelaysDelivery() {
    String pk = key();
    replicator.setLagMillis(1_000);

    put(east, TABLES.sessions(), pk, "v", "1");

    assertThat(get(west, TABLES.sessions(), pk)).isEmpty();
    awaitReplicated();
    assertThat(get(west, TABLES.sessions(), pk)).containsEntry("v", s("1"));
    assertThat(replicator.stats(EAST, WEST).lastApplyLag()).isPositive();
  }

  @Test
  void aDownRegionNeitherSendsNorReceivesUntilItIsBack() {
    String fromEast = key();
    String fromWest = key();
    replicator.setRegionDown(WEST, true);

    put(east, TABLES.directory(), fromEast, "v", "east");
    put(west, TABLES.directory(), fromWest, "v", "west");
    awaitUntil(() -> replicator.stats(EAST, WEST).pending() == 1 && replicator.stats(WEST, EAST).pending() == 1);

    assertThat(get(west, TABLES.directory(), fromEast)).isEmpty();
    assertThat(get(east, TABLES.directory(), fromWest)).isEmpty();
    assertThatThrownBy(() -> replicator.awaitReplicated(WAIT)).isInstanceOf(IllegalStateException.class);

    replicator.setRegionDown(WEST, false);
    awaitReplicated();

    assertThat(get(west, TABLES.directory(), fromEast)).containsEntry("v", s("east"));
    assertThat(get(east, TABLES.directory(), fromWest)).containsEntry("v", s("west"));
  }

  @Test
  void conflictingWritesConvergeOnTheLaterOne() {
    String eastFirst = key();
    String westFirst = key();
    DirectionStats eastToWest = replicator.stats(EAST, WEST);
    DirectionStats westToEast = replicator.stats(WEST, EAST);
    replicator.pause();

    // Each write is read from its stream (and so stamped) before the next is made.
    put(east, TABLES.directory(), eastFirst, "v", "east");
    awaitUntil(() -> replicator.stats(EAST, WEST).pending() == 1);
    put(west, TABLES.directory(), eastFirst, "v", "west");
    awaitUntil(() -> replicator.stats(WEST, EAST).pending() == 1);
    put(west, TABLES.directory(), westFirst, "v", "west");
    awaitUntil(() -> replicator.stats(WEST, EAST).pending() == 2);
    put(east, TABLES.directory(), westFirst, "v", "east");
    awaitUntil(() -> replicator.stats(EAST, WEST).pending() == 2);
    replicator.resume();
    awaitReplicated();

    assertThat(get(east, TABLES.directory(), eastFirst)).containsEntry("v", s("west"))
        .isEqualTo(get(west, TABLES.directory(), eastFirst));
    assertThat(get(west, TABLES.directory(), westFirst)).containsEntry("v", s("east"))
        .isEqualTo(get(east, TABLES.directory(), westFirst));
    // Each region skipped the older of the two writes instead of applying it.
    assertThat(replicator.stats(EAST, WEST).superseded() - eastToWest.superseded()).isEqualTo(1);
    assertThat(replicator.stats(WEST, EAST).superseded() - westToEast.superseded()).isEqualTo(1);
  }

  @Test
  void regionsWritingTheSameItemsAtOnceConverge() throws Exception {
    List<String> keys = List.of(key(), key(), key());
    try (var executor = Executors.newFixedThreadPool(2)) {
      CompletableFuture<Void> eastWrites = CompletableFuture.runAsync(() -> hammer(east, keys), executor);
      CompletableFuture<Void> westWrites = CompletableFuture.runAsync(() -> hammer(west, keys), executor);
      CompletableFuture.allOf(eastWrites, westWrites).get();
    }

    awaitReplicated();

    for (String pk : keys) {
      assertThat(get(east, TABLES.sessions(), pk)).as(pk).isEqualTo(get(west, TABLES.sessions(), pk));
    }
  }

  @Test
  void aLatestStartLeavesEarlierWritesAlone() {
    var names = TableNames.withPrefix("latest");
    var tables = new CognateTables(names);
    tables.createIfMissing(east.client());
    tables.createIfMissing(west.client());
    String before = key();
    String after = key();
    put(east, names.directory(), before, "v", "1");
    try (var latest = GlobalTableReplicator.builder().region(east).region(west).tables(tables.globalTables())
        .startPosition(StartPosition.LATEST).start()) {
      put(east, names.directory(), after, "v", "1");

      assertThat(latest.awaitReplicated(WAIT)).isTrue();

      assertThat(get(west, names.directory(), after)).isNotEmpty();
      assertThat(get(west, names.directory(), before)).isEmpty();
    }
  }

  @Test
  void reportsEveryDirection() {
    assertThat(replicator.regions()).containsExactly(EAST, WEST);
    assertThat(replicator.stats()).extracting(DirectionStats::from, DirectionStats::to)
        .containsExactly(tuple(EAST, WEST), tuple(WEST, EAST));
    assertThatThrownBy(() -> replicator.stats(EAST, "ap-south-1")).isInstanceOf(IllegalArgumentException.class);
  }

  private static void hammer(LocalDynamoDb region, List<String> keys) {
    for (int i = 0; i < 30; i++) {
      String pk = keys.get(i % keys.size());
      if (i % 7 == 6) {
        region.client().deleteItem(b -> b.tableName(TABLES.sessions()).key(itemKey(pk)));
      } else {
        put(region, TABLES.sessions(), pk, "v", region.region() + "-" + i);
      }
    }
  }

  private static void awaitReplicated() {
    assertThat(replicator.awaitReplicated(WAIT)).as("replicated within %s", WAIT).isTrue();
  }

  /** Polls a condition the replicator reaches on its own (it reads streams even while paused). */
  private static void awaitUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String key() {
    return "test-" + UUID.randomUUID();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static Map<String, AttributeValue> itemKey(String pk) {
    return Map.of("pk", s(pk), "sk", s("#"));
  }

  private static Map<String, AttributeValue> item(String pk, String attribute, String value) {
    Map<String, AttributeValue> item = new HashMap<>(itemKey(pk));
    item.put(attribute, s(value));
    return item;
  }

  private static void put(LocalDynamoDb region, String table, String pk, String attribute, String value) {
    region.client().putItem(b -> b.tableName(table).item(item(pk, attribute, value)));
  }

  private static Map<String, AttributeValue> get(LocalDynamoDb region, String table, String pk) {
    return region.client().getItem(b -> b.tableName(table).key(itemKey(pk)).consistentRead(true)).item();
  }
}
