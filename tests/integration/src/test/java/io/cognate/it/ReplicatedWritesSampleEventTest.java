package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.cognate.adapters.aws.DynamoDbConflictRecords;
import io.cognate.domain.conflicts.ConflictKind;
import io.cognate.domain.conflicts.ConflictStatus;
import io.cognate.domain.conflicts.ReplicationConflict;
import io.cognate.domain.conflicts.SecretAttributes;
import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import io.cognate.local.streams.StreamTrigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code events/health-check/replicated-writes.json}, a Directory and Control stream batch as
 * Lambda delivers it, through the Lambda runtime's serializer into the real replicated-writes
 * handler of the shared stack's us-east-1: an own-region write and a heartbeat are passed over,
 * a malformed record is named in the answer (and only it), the replicated write after it that
 * lost a write is still processed, and a batch delivered twice leaves one conflict record.
 */
@ExtendWith(ReplicatedWritesSampleEventTest.Stack.class)
class ReplicatedWritesSampleEventTest {
    private static final Path SAMPLE = Path.of("..", "..", "events", "health-check", "replicated-writes.json");
    private static final String REGION = "us-east-1";
    private static final String OWN_WRITE = "USER#00000000-0000-4000-8000-0000000000a1";
    private static final String MALFORMED = "USER#00000000-0000-4000-8000-0000000000b2";
    private static final String LOST_WRITE = "USER#00000000-0000-4000-8000-0000000000c3";
    private static final String MALFORMED_SEQUENCE_NUMBER = "111100000000000000000002";
    private static LocalCognate stack;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @Test
    void theSampleBatchRecordsTheLostWriteOnceAndReportsOnlyTheMalformedRecord() throws IOException {
        StreamTrigger trigger = stack.conflicts().trigger(REGION);
        String sample = Files.readString(SAMPLE);
        long detectedBefore = stack.conflicts().detectedCount();

        StreamsEventResponse first = trigger.invoke(sample);

        assertThat(failed(first)).containsExactly(MALFORMED_SEQUENCE_NUMBER);
        List<ReplicationConflict> stored = recordsOn(LOST_WRITE);
        assertThat(stored).hasSize(1);
        ReplicationConflict conflict = stored.get(0);
        assertThat(conflict.kind()).isEqualTo(ConflictKind.STALE_LEADER_WRITE);
        assertThat(conflict.detectedIn()).isEqualTo(REGION);
        assertThat(conflict.winner().writerRegion()).isEqualTo("us-east-1");
        assertThat(conflict.winner().epoch()).isEqualTo(1_000_002);
        assertThat(conflict.loser().writerRegion()).isEqualTo("eu-west-1");
        assertThat(conflict.loser().shown().get("attributes")).contains("written at the stale leader");
        assertThat(conflict.loser().shown().get("passwordHash")).isEqualTo(SecretAttributes.REDACTED);
        // No region leads at epoch 1000002: the record waits for one, and nothing is written back.
        assertThat(conflict.status()).isEqualTo(ConflictStatus.PENDING);
        assertThat(recordsOn(OWN_WRITE)).isEmpty();
        assertThat(recordsOn(MALFORMED)).isEmpty();
        assertThat(stack.conflicts().detectedCount()).isEqualTo(detectedBefore + 1);

        // Lambda delivers a batch again after a failure (and at least once anyway): nothing doubles.
        StreamsEventResponse again = trigger.invoke(sample);

        assertThat(failed(again)).containsExactly(MALFORMED_SEQUENCE_NUMBER);
        assertThat(recordsOn(LOST_WRITE)).hasSize(1).first().extracting(ReplicationConflict::id).isEqualTo(conflict.id());
        assertThat(stack.conflicts().detectedCount()).isEqualTo(detectedBefore + 1);
    }

    @Test
    void theSameSampleInTheRegionThatWroteTheIncomingCopyIsPassedOver() throws IOException {
        // eu-west-1's stream carries eu-west-1's own write of that copy: not a replicated one.
        String sample = Files.readString(SAMPLE).replace("arn:aws:dynamodb:us-east-1:", "arn:aws:dynamodb:eu-west-1:")
                .replace("\"awsRegion\": \"us-east-1\"", "\"awsRegion\": \"eu-west-1\"");
        long detectedBefore = stack.conflicts().detectedCount();

        StreamsEventResponse response = stack.conflicts().trigger("eu-west-1").invoke(sample);

        // The malformed record names eu-west-1 as its writer too: passed over before it is read.
        assertThat(failed(response)).isEmpty();
        assertThat(stack.conflicts().detectedCount()).isEqualTo(detectedBefore);
        assertThat(recordsIn("eu-west-1", LOST_WRITE)).allSatisfy(c -> assertThat(c.detectedIn()).isEqualTo(REGION));
    }

    private static List<String> failed(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static List<ReplicationConflict> recordsOn(String pk) {
        return recordsIn(REGION, pk);
    }

    private static List<ReplicationConflict> recordsIn(String region, String pk) {
        return new DynamoDbConflictRecords(stack.region(region).dynamoClient(), LocalRegion.TABLES.control())
                .recent(Integer.MAX_VALUE).stream().filter(c -> c.pk().equals(pk)).toList();
    }
}
