package io.cognate.local.dynamo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Follows one table's stream in one region, shard by shard.
 *
 * <p>Shards close and are followed by child shards (DynamoDB Local rolls a stream's shard over every four hours, AWS
 * more often). A child is only read once its parent is read to the end, so records of one item come out in the order
 * they were written. Iterators expire (after 15 minutes in DynamoDB Local), so the position kept between polls is the
 * last sequence number read, and an expired iterator is replaced by one after that sequence number.
 *
 * <p>Not thread-safe: used by the replicator's loop thread only.
 */
final class StreamTailer {

  private static final Logger log = LoggerFactory.getLogger(StreamTailer.class);
  private static final long SHARD_REFRESH_NANOS = 5_000_000_000L;
  private static final int MAX_PAGES_PER_SHARD = 100;

  private final String region;
  private final String table;
  private final String streamArn;
  private final DynamoDbStreamsClient streams;
  private final Map<String, ShardCursor> shards = new LinkedHashMap<>();
  private long nextRefreshNanos;
  private boolean caughtUp;

  StreamTailer(String region, String table, String streamArn, DynamoDbStreamsClient streams) {
    this.region = region;
    this.table = table;
    this.streamArn = streamArn;
    this.streams = streams;
  }

  String region() {
    return region;
  }

  String table() {
    return table;
  }

  /**
   * Finds the stream's shards and fixes the starting point: with LATEST, iterators are taken now, so every write made
   * after this returns is read, and shards already closed are skipped.
   */
  void start(StartPosition position) {
    refreshShards(position);
    if (position == StartPosition.LATEST) {
      for (ShardCursor cursor : shards.values()) {
        if (!cursor.finished) {
          cursor.iterator = iterator(cursor);
        }
      }
    }
  }

  /**
   * Hands every record available now to {@code sink}, in stream order, and returns how many there were. If reading
   * fails, the records read before the failure have been handed over; the rest follow on the next poll.
   */
  int poll(Consumer<Record> sink) {
    caughtUp = false;
    if (System.nanoTime() >= nextRefreshNanos) {
      refreshShards(StartPosition.TRIM_HORIZON);
    }
    int count = 0;
    boolean drained = true;
    boolean shardEnded;
    do {
      shardEnded = false;
      for (ShardCursor cursor : List.copyOf(shards.values())) {
        if (cursor.finished || !parentFinished(cursor)) {
          continue;
        }
        int pages = 0;
        for (; pages < MAX_PAGES_PER_SHARD && !cursor.finished; pages++) {
          int read = readPage(cursor, sink);
          count += Math.max(read, 0);
          if (read == 0) {
            break; // caught up with this shard
          }
        }
        drained &= pages < MAX_PAGES_PER_SHARD;
        shardEnded |= cursor.finished;
      }
      if (shardEnded) {
        refreshShards(StartPosition.TRIM_HORIZON); // its children may be readable now
      }
    } while (shardEnded && hasReadableShard());
    caughtUp = drained;
    return count;
  }

  /** Whether the last {@link #poll()} read every shard up to its end without errors. */
  boolean caughtUp() {
    return caughtUp;
  }

  /**
   * Reads one page of a shard: returns the number of records handed over, 0 when the shard has nothing more for now,
   * or -1 when the position had to be re-established (read again).
   */
  private int readPage(ShardCursor cursor, Consumer<Record> sink) {
    GetRecordsResponse response;
    try {
      if (cursor.iterator == null) {
        cursor.iterator = iterator(cursor);
      }
      String iterator = cursor.iterator;
      response = streams.getRecords(b -> b.shardIterator(iterator));
    } catch (ExpiredIteratorException e) {
      log.debug("iterator of {} in {} expired; resuming after {}", cursor.shardId, this, cursor.lastSequenceNumber);
      cursor.iterator = null;
      return -1;
    } catch (TrimmedDataAccessException e) {
      // The iterator points before the oldest record kept, so every record still in the shard comes after it:
      // reading from TRIM_HORIZON neither repeats nor skips any. DynamoDB Local does this routinely to an iterator
      // taken while its shard was empty (sequence numbers are shared by all its streams, so the shard's first
      // record can be numbered past the iterator); elsewhere it means records expired unread.
      if (cursor.lastSequenceNumber == null) {
        log.debug("iterator of empty shard {} in {} fell behind its first record; reading from its start",
            cursor.shardId, this);
      } else {
        log.warn("records of {} in {} expired before they were read; continuing with the oldest kept",
            cursor.shardId, this);
      }
      cursor.iterator = null;
      cursor.lastSequenceNumber = null;
      cursor.startType = ShardIteratorType.TRIM_HORIZON;
      return -1;
    } catch (ResourceNotFoundException e) {
      log.warn("shard {} of {} is gone: {}", cursor.shardId, this, e.getMessage());
      cursor.finished = true;
      return 0;
    }
    List<Record> records = response.records();
    for (Record record : records) {
      sink.accept(record);
      cursor.lastSequenceNumber = record.dynamodb().sequenceNumber();
    }
    cursor.iterator = response.nextShardIterator();
    if (cursor.iterator == null) {
      cursor.finished = true; // closed and read to the end
    }
    return records.size();
  }

  private String iterator(ShardCursor cursor) {
    String sequenceNumber = cursor.lastSequenceNumber;
    return streams.getShardIterator(b -> {
      b.streamArn(streamArn).shardId(cursor.shardId);
      if (sequenceNumber != null) {
        b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(sequenceNumber);
      } else {
        b.shardIteratorType(cursor.startType);
      }
    }).shardIterator();
  }

  private void refreshShards(StartPosition positionForNewShards) {
    List<Shard> listed = describeShards();
    for (Shard shard : listed) {
      if (shards.containsKey(shard.shardId())) {
        continue;
      }
      var cursor = new ShardCursor(shard.shardId(), shard.parentShardId());
      boolean closed = shard.sequenceNumberRange() != null && shard.sequenceNumberRange().endingSequenceNumber() != null;
      if (positionForNewShards == StartPosition.LATEST) {
        cursor.startType = ShardIteratorType.LATEST;
        cursor.finished = closed; // nothing after LATEST in a closed shard
      }
      shards.put(cursor.shardId, cursor);
    }
    // Forget finished shards that have aged out of the stream; unfinished ones are kept, to be read to the end.
    Set<String> listedIds = listed.stream().map(Shard::shardId).collect(Collectors.toSet());
    shards.values().removeIf(cursor -> cursor.finished && !listedIds.contains(cursor.shardId));
    nextRefreshNanos = System.nanoTime() + SHARD_REFRESH_NANOS;
  }

  private List<Shard> describeShards() {
    List<Shard> listed = new ArrayList<>();
    String startAfter = null;
    do {
      String exclusiveStart = startAfter;
      DescribeStreamResponse response =
          streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(exclusiveStart));
      listed.addAll(response.streamDescription().shards());
      startAfter = response.streamDescription().lastEvaluatedShardId();
    } while (startAfter != null);
    return listed;
  }

  // A parent that is no longer known (trimmed, or never seen) does not block its child.
  private boolean parentFinished(ShardCursor cursor) {
    ShardCursor parent = cursor.parentId == null ? null : shards.get(cursor.parentId);
    return parent == null || parent.finished;
  }

  private boolean hasReadableShard() {
    return shards.values().stream().anyMatch(c -> !c.finished && parentFinished(c));
  }

  @Override
  public String toString() {
    return table + "@" + region;
  }

  private static final class ShardCursor {
    final String shardId;
    final String parentId;
    ShardIteratorType startType = ShardIteratorType.TRIM_HORIZON;
    String iterator;
    String lastSequenceNumber;
    boolean finished;

    ShardCursor(String shardId, String parentId) {
      this.shardId = shardId;
      this.parentId = parentId;
    }
  }
}
