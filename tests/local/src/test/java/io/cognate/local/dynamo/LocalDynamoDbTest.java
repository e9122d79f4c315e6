package io.cognate.local.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LocalDynamoDbTest {

  @Test
  void servesDynamoDbAndStreamsOnLoopbackAndStopsWithoutLeavingThreads() throws Exception {
    Set<Thread> otherJobThreads = dynamoDbLocalJobThreads();
    LocalDynamoDb db = LocalDynamoDb.start("us-east-1");
    Set<Thread> ownJobThreads;
    try {
      assertThat(db.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(db.endpoint().getPort()).isEqualTo(db.port()).isPositive();
      assertThat(db.region()).isEqualTo("us-east-1");
      assertThat(db.client().listTables().tableNames()).isEmpty();
      assertThat(db.streamsClient().listStreams().streams()).isEmpty();
      ownJobThreads = dynamoDbLocalJobThreads();
      ownJobThreads.removeAll(otherJobThreads);
      assertThat(ownJobThreads).isNotEmpty();
    } finally {
      db.close();
    }
    assertThat(accepts(db.port())).isFalse();
    // DynamoDB Local's job schedulers would otherwise linger for minutes and keep a JVM from exiting.
    for (Thread thread : ownJobThreads) {
      thread.join(5_000);
      assertThat(thread.isAlive()).as(thread.getName()).isFalse();
    }
    db.close(); // closing twice is harmless
  }

  @Test
  void twoServersRunSideBySide() {
    try (var east = LocalDynamoDb.start("us-east-1"); var west = LocalDynamoDb.start("eu-west-1")) {
      assertThat(east.port()).isNotEqualTo(west.port());
      new CognateTables(TableNames.defaults()).createIfMissing(east.client());
      assertThat(east.client().listTables().tableNames()).hasSize(4);
      assertThat(west.client().listTables().tableNames()).isEmpty();
    }
  }

  @Test
  void saysWhatToSetWhenTheSqliteLibraryPathIsMissing() {
    String saved = System.getProperty(LocalDynamoDb.SQLITE_LIBRARY_PATH);
    System.clearProperty(LocalDynamoDb.SQLITE_LIBRARY_PATH);
    try {
      assertThatThrownBy(() -> LocalDynamoDb.start("us-east-1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("-Dsqlite4java.library.path=");
    } finally {
      if (saved != null) {
        System.setProperty(LocalDynamoDb.SQLITE_LIBRARY_PATH, saved);
      }
    }
  }

  private static Set<Thread> dynamoDbLocalJobThreads() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> Arrays.stream(e.getValue())
            .anyMatch(f -> f.getClassName().startsWith("com.amazonaws.services.dynamodbv2.local.shared.jobs")))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static boolean accepts(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
