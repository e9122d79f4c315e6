package io.cognate.local.dynamo;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A write made by an application in {@code origin}, as read from that region's stream, waiting to be applied to the
 * other regions.
 *
 * @param newImage the item after the write, or null when the write deleted the item
 * @param stamp when the write happened by the replicator's clock; the last-writer-wins order (see {@link HybridClock})
 * @param observedNanos {@link System#nanoTime()} when the record was read; ages and lag are measured from here
 */
record ChangeRecord(
    String origin, ItemKey item, Map<String, AttributeValue> newImage, long stamp, long observedNanos) {

  boolean isRemove() {
    return newImage == null;
  }

  long ageNanos(long nowNanos) {
    return nowNanos - observedNanos;
  }
}
