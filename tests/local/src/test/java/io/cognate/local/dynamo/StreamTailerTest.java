package io.cognate.local.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Shard lineage and iterator expiry, which DynamoDB Local only exhibits after hours (it rolls shards over every four
 * hours and expires iterators after 15 minutes), against a scripted stream.
 */
class StreamTailerTest {

  private final ScriptedStream stream = new ScriptedStream();

  @Test
  void readsAClosedParentShardToItsEndBeforeItsChild() {
    stream.shard("child", "parent").add("c1");
    stream.shard("parent", null).add("p1").add("p2").add("p3").close();
    var tailer = tailer(StartPosition.TRIM_HORIZON);

    assertThat(poll(tailer)).containsExactly("p1", "p2", "p3", "c1");
    assertThat(tailer.caughtUp()).isTrue();
    assertThat(poll(tailer)).isEmpty();
  }

  @Test
  void followsAShardRolloverWhileTailing() {
    ScriptedShard first = stream.shard("first", null).add("a1");
    var tailer = tailer(StartPosition.TRIM_HORIZON);
    assertThat(poll(tailer)).containsExactly("a1");

    first.add("a2").close();
    stream.shard("second", "first").add("b1");

    assertThat(poll(tailer)).containsExactly("a2", "b1");
    stream.shards.get("second").add("b2");
    assertThat(poll(tailer)).containsExactly("b2");
  }

  @Test
  void resumesAfterTheLastRecordReadWhenTheIteratorExpired() {
    ScriptedShard shard = stream.shard("only", null).add("r1");
    var tailer = tailer(StartPosition.TRIM_HORIZON);
    assertThat(poll(tailer)).containsExactly("r1");

    shard.add("r2").add("r3");
    stream.expireIterators = true;

    assertThat(poll(tailer)).containsExactly("r2", "r3");
    assertThat(stream.iteratorRequests).last()
        .satisfies(r -> {
          assertThat(r.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
          assertThat(r.sequenceNumber()).isEqualTo("r1");
        });
  }

  @Test
  void aFailedReadLosesNothingAlreadyRead() {
    stream.shard("parent", null).add("p1").add("p2").close();
    stream.shard("child", "parent").add("c1");
    var tailer = tailer(StartPosition.TRIM_HORIZON);
    stream.failReadsOf = "child";
    List<String> read = new ArrayList<>();

    assertThatThrownBy(() -> tailer.poll(record -> read.add(record.dynamodb().sequenceNumber())))
        .isInstanceOf(DynamoDbException.class);
    assertThat(read).containsExactly("p1", "p2");
    assertThat(tailer.caughtUp()).isFalse();

    assertThat(poll(tailer)).containsExactly("c1");
  }

  @Test
  void latestStartSkipsWhatIsAlreadyThereAndClosedShards() {
    stream.shard("old", null).add("o1").close();
    ScriptedShard current = stream.shard("current", "old").add("c1");
    var tailer = tailer(StartPosition.LATEST);

    current.add("c2");

    assertThat(poll(tailer)).containsExactly("c2");
  }

  @Test
  void readsAFreshShardFromItsStartWhenTheIteratorFellBehindItsFirstRecord() {
    // DynamoDB Local numbers records across all its streams, so an iterator taken on an empty shard can point before
    // the shard's first record, and reading it then fails with TrimmedDataAccessException.
    ScriptedShard shard = stream.shard("fresh", null);
    var tailer = tailer(StartPosition.LATEST);
    assertThat(poll(tailer)).isEmpty();

    shard.add("f1").add("f2").add("f3");
    stream.trimNextRead = true;

    assertThat(poll(tailer)).containsExactly("f1", "f2", "f3");
    assertThat(stream.iteratorRequests).last()
        .satisfies(r -> assertThat(r.shardIteratorType()).isEqualTo(ShardIteratorType.TRIM_HORIZON));
  }

  private StreamTailer tailer(StartPosition position) {
    var tailer = new StreamTailer("us-east-1", "cognate-directory", "arn:stream", stream);
    tailer.start(position);
    return tailer;
  }

  /** Polls once; returns the sequence numbers read. */
  private static List<String> poll(StreamTailer tailer) {
    List<String> read = new ArrayList<>();
    int count = tailer.poll(record -> read.add(record.dynamodb().sequenceNumber()));
    assertThat(count).isEqualTo(read.size());
    return read;
  }

  /** A stream whose shards the test writes; hands out at most two records per GetRecords, to exercise paging. */
  private static final class ScriptedStream implements DynamoDbStreamsClient {
    final Map<String, ScriptedShard> shards = new LinkedHashMap<>();
    final List<GetShardIteratorRequest> iteratorRequests = new ArrayList<>();
    boolean expireIterators;
    boolean trimNextRead;
    String failReadsOf;

    ScriptedShard shard(String id, String parent) {
      var shard = new ScriptedShard(id, parent);
      shards.put(id, shard);
      return shard;
    }

    @Override
    public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
      List<Shard> listed = shards.values().stream()
          .map(s -> Shard.builder().shardId(s.id).parentShardId(s.parent)
              .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("0")
                  .endingSequenceNumber(s.closed ? "end" : null).build())
              .build())
          .toList();
      return DescribeStreamResponse.builder()
          .streamDescription(StreamDescription.builder().streamArn(request.streamArn()).shards(listed).build())
          .build();
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
      iteratorRequests.add(request);
      ScriptedShard shard = shards.get(request.shardId());
      int position = switch (request.shardIteratorType()) {
        case TRIM_HORIZON -> 0;
        case LATEST -> shard.records.size();
        case AFTER_SEQUENCE_NUMBER -> shard.indexOf(request.sequenceNumber()) + 1;
        default -> throw new UnsupportedOperationException(request.shardIteratorTypeAsString());
      };
      return GetShardIteratorResponse.builder().shardIterator(shard.id + "/" + position).build();
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
      if (expireIterators) {
        expireIterators = false;
        throw ExpiredIteratorException.builder().message("Iterator expired").build();
      }
      if (trimNextRead) {
        trimNextRead = false;
        throw TrimmedDataAccessException.builder().message("read past the oldest stream record").build();
      }
      String[] parts = request.shardIterator().split("/");
      if (parts[0].equals(failReadsOf)) {
        failReadsOf = null;
        throw DynamoDbException.builder().message("service unavailable").statusCode(503).build();
      }
      ScriptedShard shard = shards.get(parts[0]);
      int from = Integer.parseInt(parts[1]);
      int to = Math.min(from + 2, shard.records.size());
      boolean ended = shard.closed && to == shard.records.size();
      return GetRecordsResponse.builder()
          .records(shard.records.subList(from, to))
          .nextShardIterator(ended ? null : shard.id + "/" + to)
          .build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  private static final class ScriptedShard {
    final String id;
    final String parent;
    final List<Record> records = new ArrayList<>();
    boolean closed;

    ScriptedShard(String id, String parent) {
      this.id = id;
      this.parent = parent;
    }

    ScriptedShard add(String sequenceNumber) {
      records.add(Record.builder()
          .eventName(OperationType.INSERT)
          .dynamodb(StreamRecord.builder()
              .sequenceNumber(sequenceNumber)
              .keys(Map.of("pk", AttributeValue.fromS(sequenceNumber), "sk", AttributeValue.fromS("-")))
              .build())
          .build());
      return this;
    }

    ScriptedShard close() {
      closed = true;
      return this;
    }

    int indexOf(String sequenceNumber) {
      for (int i = 0; i < records.size(); i++) {
        if (records.get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
          return i;
        }
      }
      throw new IllegalArgumentException(sequenceNumber);
    }
  }
}
