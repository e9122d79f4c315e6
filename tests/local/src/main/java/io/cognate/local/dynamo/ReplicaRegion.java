package io.cognate.local.dynamo;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** One region taking part in replication: where to write items and where to read its streams. */
public record ReplicaRegion(String name, DynamoDbClient dynamo, DynamoDbStreamsClient streams) {

  public ReplicaRegion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dynamo, "dynamo");
    Objects.requireNonNull(streams, "streams");
  }

  public static ReplicaRegion of(LocalDynamoDb db) {
    return new ReplicaRegion(db.region(), db.client(), db.streamsClient());
  }
}
