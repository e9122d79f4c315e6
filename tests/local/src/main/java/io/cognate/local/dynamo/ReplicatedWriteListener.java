package io.cognate.local.dynamo;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Told of every write the replicator applied to a region, as a DynamoDB stream consumer in that
 * region would see it: the table, the image the region held before (null: none) and the image
 * written (null: a removal). Called on the replicator's thread, after the write; must not block
 * for long. An exception is logged and does not stop replication.
 */
@FunctionalInterface
public interface ReplicatedWriteListener {
  void applied(String region, String table, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage);
}
