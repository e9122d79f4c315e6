package io.cognate.local.dynamo;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Last-writer-wins bookkeeping per item: the stamp of the write each region holds now, and the writes the replicator
 * made whose stream records (their "echoes") have not been read back yet.
 *
 * <p>Every write the replicator makes shows up again in the target region's stream. That echo is recognised as the
 * next record for the item carrying the image the replicator wrote, and is not replicated again (no ping-pong).
 * Records of the item read from that region before its echo were written there before the replicated write landed,
 * which overwrote them; they are dropped, so they cannot overwrite the replicated write elsewhere either.
 *
 * <p>An item is forgotten once nothing about it is in flight: a write read later gets a larger stamp than any
 * recorded, so a forgotten stamp could never have beaten it. Used by the replicator's loop thread only.
 */
final class ItemVersions {

  /** How a record read from a region's stream is to be treated. */
  enum Observation {
    /** An application wrote it: replicate it. */
    LOCAL_WRITE,
    /** The replicator wrote it: drop it. */
    ECHO,
    /** An application wrote it just before a replicated write replaced it: drop it. */
    OVERWRITTEN
  }

  private final Map<ItemKey, ItemState> items = new HashMap<>();

  Observation observe(String region, ItemKey item, Map<String, AttributeValue> newImage) {
    ItemState state = items.get(item);
    Deque<Echo> echoes = state == null ? null : state.echoes.get(region);
    if (echoes == null || echoes.isEmpty()) {
      return Observation.LOCAL_WRITE;
    }
    if (!Objects.equals(echoes.peekFirst().image(), newImage)) {
      return Observation.OVERWRITTEN;
    }
    echoes.removeFirst();
    forgetIfSettled(item, state);
    return Observation.ECHO;
  }

  /** An application write read from {@code region}'s stream, to be delivered to {@code deliveries} regions. */
  void localWrite(String region, ItemKey item, long stamp, int deliveries) {
    ItemState state = items.computeIfAbsent(item, k -> new ItemState());
    state.held.put(region, stamp);
    state.pendingDeliveries += deliveries;
  }

  /** Whether {@code region} holds a later write than {@code stamp}, which applying this one would undo. */
  boolean heldIsNewer(String region, ItemKey item, long stamp) {
    ItemState state = items.get(item);
    Long held = state == null ? null : state.held.get(region);
    return held != null && held > stamp;
  }

  /**
   * The replicator wrote {@code change} to {@code region}. {@code echoExpected} is false when the write changed
   * nothing there: DynamoDB emits no stream record for an identical put or for deleting a missing item.
   */
  void applied(String region, ChangeRecord change, boolean echoExpected, long nowNanos) {
    ItemState state = items.computeIfAbsent(change.item(), k -> new ItemState());
    state.held.put(region, change.stamp());
    if (echoExpected) {
      state.echoes.computeIfAbsent(region, r -> new ArrayDeque<>())
          .addLast(new Echo(change.newImage(), change.stamp(), nowNanos));
    }
  }

  /** One delivery of a change (applied, skipped or given up) is finished. */
  void delivered(ItemKey item) {
    ItemState state = items.get(item);
    if (state != null) {
      state.pendingDeliveries--;
      forgetIfSettled(item, state);
    }
  }

  /** The smallest stamp among writes whose echo is still expected, or {@link Long#MAX_VALUE}. */
  long oldestAwaitedEchoStamp() {
    long oldest = Long.MAX_VALUE;
    for (ItemState state : items.values()) {
      for (Deque<Echo> echoes : state.echoes.values()) {
        for (Echo echo : echoes) {
          oldest = Math.min(oldest, echo.stamp());
        }
      }
    }
    return oldest;
  }

  /**
   * Stops waiting for echoes applied before {@code appliedBeforeNanos}. An echo arrives within a poll or two; one
   * that never does (which would be a bug) must not make later writes of the item look overwritten forever.
   */
  int abandonEchoesAppliedBefore(long appliedBeforeNanos) {
    int abandoned = 0;
    for (var it = items.entrySet().iterator(); it.hasNext(); ) {
      ItemState state = it.next().getValue();
      for (Deque<Echo> echoes : state.echoes.values()) {
        abandoned += echoes.size();
        echoes.removeIf(echo -> echo.appliedNanos() - appliedBeforeNanos < 0);
        abandoned -= echoes.size();
      }
      if (state.settled()) {
        it.remove();
      }
    }
    return abandoned;
  }

  /** Number of items currently tracked; for tests and diagnostics. */
  int trackedItems() {
    return items.size();
  }

  private void forgetIfSettled(ItemKey item, ItemState state) {
    if (state.settled()) {
      items.remove(item);
    }
  }

  private record Echo(Map<String, AttributeValue> image, long stamp, long appliedNanos) {}

  private static final class ItemState {
    final Map<String, Long> held = new HashMap<>();
    final Map<String, Deque<Echo>> echoes = new HashMap<>();
    int pendingDeliveries;

    boolean settled() {
      return pendingDeliveries <= 0 && echoes.values().stream().allMatch(Deque::isEmpty);
    }
  }
}
