package io.cognate.adapters.aws;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One batch of a region's Directory and Control stream records, as Lambda's event source
 * mapping delivers it, passed to {@link DirectoryConflictDetector} record by record.
 *
 * <p>A region's stream carries its own writes and the ones replication applied to it; only the
 * latter can have replaced a copy written elsewhere. Items say who wrote them: a Directory item
 * whose {@code writerRegion} is another region, and a conflict record {@code detectedIn} another
 * region, arrived by replication. Everything else is this region's own write and is passed over.
 *
 * <p>A record that fails (a malformed image, a throttled read) is reported as a batch item
 * failure and the rest of the batch is still processed: Lambda retries from the first failed
 * record, and detection is idempotent (a conflict record is stored once, by its id), so records
 * after it that were already processed only find their conflict stored. A record that keeps
 * failing goes to the mapping's on-failure destination once its retries or its age run out.
 */
public final class ReplicatedWriteBatch {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedWriteBatch.class);
    private static final String TABLE_PART = ":table/";
    private static final String STREAM_PART = "/stream/";

    /** What a batch did: records seen, replicated writes checked, conflicts found, and the failures. */
    public record Outcome(int records, int replicated, int conflicts, List<String> failedSequenceNumbers) {
        public StreamsEventResponse response() {
            var failures = new ArrayList<StreamsEventResponse.BatchItemFailure>();
            failedSequenceNumbers.forEach(id -> failures.add(new StreamsEventResponse.BatchItemFailure(id)));
            return new StreamsEventResponse(failures);
        }
    }

    private final DirectoryConflictDetector detector;
    private final String region;
    private final String directoryTable;
    private final String controlTable;

    public ReplicatedWriteBatch(DirectoryConflictDetector detector, String region, String directoryTable,
                                String controlTable) {
        this.detector = detector;
        this.region = region;
        this.directoryTable = directoryTable;
        this.controlTable = controlTable;
    }

    public Outcome process(DynamodbEvent event) {
        int records = 0;
        int replicated = 0;
        int conflicts = 0;
        List<String> failed = new ArrayList<>();
        List<DynamodbEvent.DynamodbStreamRecord> batch = event == null || event.getRecords() == null
                ? List.of() : event.getRecords();
        for (DynamodbEvent.DynamodbStreamRecord record : batch) {
            records++;
            try {
                Optional<Boolean> found = process(record);
                if (found.isPresent()) {
                    replicated++;
                    conflicts += found.get() ? 1 : 0;
                }
            } catch (RuntimeException e) {
                // The exception's class only: its message may quote an attribute's value.
                LOG.warn("stream record {} failed, reported for a retry: {}", record == null ? null : record.getEventID(),
                        e.getClass().getName());
                failed.add(sequenceNumber(record));
            }
        }
        return new Outcome(records, replicated, conflicts, List.copyOf(failed));
    }

    /** Empty: not a replicated write (passed over); else whether it lost a write. */
    private Optional<Boolean> process(DynamodbEvent.DynamodbStreamRecord record) {
        String table = tableOf(record.getEventSourceARN());
        if (record.getDynamodb() == null) {
            throw new IllegalArgumentException("a stream record without its change");
        }
        Map<String, AttributeValue> newImage = StreamImages.toSdk(record.getDynamodb().getNewImage());
        Map<String, AttributeValue> oldImage = StreamImages.toSdk(record.getDynamodb().getOldImage());
        if (!replicatedHere(table, newImage)) {
            return Optional.empty();
        }
        return Optional.of(detector.replicatedWrite(table, oldImage, newImage).isPresent());
    }

    private boolean replicatedHere(String table, Map<String, AttributeValue> newImage) {
        if (newImage == null) {
            return false; // a removal names no writer
        }
        if (table.equals(directoryTable)) {
            String writer = Items.optionalString(newImage, "writerRegion").orElse(region);
            return !writer.equals(region);
        }
        if (table.equals(controlTable)) {
            return DynamoDbConflictRecords.isRecord(newImage)
                    && !Items.optionalString(newImage, "detectedIn").orElse(region).equals(region);
        }
        return false;
    }

    /** The table of a stream ARN: {@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL}. */
    static String tableOf(String streamArn) {
        int start = streamArn == null ? -1 : streamArn.indexOf(TABLE_PART);
        int end = start < 0 ? -1 : streamArn.indexOf(STREAM_PART, start);
        if (end < 0) {
            throw new IllegalArgumentException("not a DynamoDB stream ARN");
        }
        return streamArn.substring(start + TABLE_PART.length(), end);
    }

    /**
     * Where Lambda resumes: the record's sequence number. Without one the record cannot be named,
     * and an empty identifier makes Lambda retry the whole batch, which loses nothing either.
     */
    private static String sequenceNumber(DynamodbEvent.DynamodbStreamRecord record) {
        return record == null || record.getDynamodb() == null || record.getDynamodb().getSequenceNumber() == null
                ? "" : record.getDynamodb().getSequenceNumber();
    }
}
