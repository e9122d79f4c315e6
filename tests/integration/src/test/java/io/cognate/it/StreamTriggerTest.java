package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.cognate.adapters.aws.StreamImages;
import io.cognate.local.streams.StreamTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local stack's stream trigger behaves as a Lambda event source mapping with
 * ReportBatchItemFailures: it delivers records as Lambda's JSON read by the runtime's serializer,
 * resumes from the first record the handler names, retries a thrown batch, and after
 * MaximumRetryAttempts gives the rest up to its on-failure count.
 */
class StreamTriggerTest {
    private static final Map<String, AttributeValue> OLD = Map.of("pk", AttributeValue.fromS("USER#1"),
            "sk", AttributeValue.fromS("PROFILE"), "version", AttributeValue.fromN("1"));
    private static final Map<String, AttributeValue> NEW = Map.of("pk", AttributeValue.fromS("USER#1"),
            "sk", AttributeValue.fromS("PROFILE"), "version", AttributeValue.fromN("2"),
            "blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, (byte) 0xfe})),
            "tags", AttributeValue.fromSs(List.of("a", "b")),
            "nested", AttributeValue.fromM(Map.of("list", AttributeValue.fromL(List.of(AttributeValue.fromBool(false),
                    AttributeValue.fromNul(true))))));

    @Test
    void aRecordArrivesAsTheImagesWrittenWithItsTableAndKind() {
        List<DynamodbEvent.DynamodbStreamRecord> seen = new ArrayList<>();
        var trigger = trigger(event -> {
            seen.addAll(event.getRecords());
            return new StreamsEventResponse(List.of());
        });

        assertThat(trigger.deliver(List.of(new StreamTrigger.Change("cognate-local-directory", OLD, NEW),
                new StreamTrigger.Change("cognate-local-directory", null, NEW),
                new StreamTrigger.Change("cognate-local-control", OLD, null)))).isZero();

        assertThat(seen).extracting(DynamodbEvent.DynamodbStreamRecord::getEventName)
                .containsExactly("MODIFY", "INSERT", "REMOVE");
        var first = seen.get(0);
        assertThat(StreamImages.toSdk(first.getDynamodb().getNewImage())).isEqualTo(NEW);
        assertThat(StreamImages.toSdk(first.getDynamodb().getOldImage())).isEqualTo(OLD);
        assertThat(StreamImages.toSdk(first.getDynamodb().getKeys())).containsOnlyKeys("pk", "sk");
        assertThat(first.getEventSourceARN()).isEqualTo(StreamTrigger.streamArn("us-east-1", "cognate-local-directory"))
                .contains(":table/cognate-local-directory/stream/");
        assertThat(StreamImages.toSdk(seen.get(2).getDynamodb().getNewImage())).isNull();
        assertThat(trigger.discarded()).isZero();
    }

    @Test
    void aNamedFailureIsRetriedFromThatRecordAndGivenUpAfterTheRetries() {
        List<List<String>> batches = new ArrayList<>();
        var trigger = trigger(event -> {
            List<String> numbers = event.getRecords().stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
            batches.add(numbers);
            // The second record of the first batch fails every time.
            String bad = batches.get(0).get(1);
            return new StreamsEventResponse(numbers.contains(bad)
                    ? List.of(new StreamsEventResponse.BatchItemFailure(bad)) : List.of());
        });

        int givenUp = trigger.deliver(List.of(change(), change(), change()));

        assertThat(givenUp).isEqualTo(2);
        assertThat(trigger.discarded()).isEqualTo(2);
        assertThat(batches).hasSize(1 + StreamTrigger.MAX_RETRY_ATTEMPTS);
        assertThat(batches.get(0)).hasSize(3);
        // Lambda resumes at the failed record: the one before it is not delivered again.
        assertThat(batches.subList(1, batches.size())).allSatisfy(batch ->
                assertThat(batch).containsExactlyElementsOf(batches.get(0).subList(1, 3)));
    }

    @Test
    void aBatchTheHandlerThrowsOnIsDeliveredAgainWhole() {
        AtomicInteger calls = new AtomicInteger();
        var trigger = trigger(event -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("throttled");
            }
            assertThat(event.getRecords()).hasSize(2);
            return new StreamsEventResponse(List.of());
        });

        assertThat(trigger.deliver(List.of(change(), change()))).isZero();
        assertThat(calls).hasValue(2);
        assertThat(trigger.discarded()).isZero();
    }

    private static StreamTrigger.Change change() {
        return new StreamTrigger.Change("cognate-local-directory", OLD, NEW);
    }

    /** A handler as a lambda expression: only the event matters here. */
    @FunctionalInterface
    private interface Handler extends RequestHandler<DynamodbEvent, StreamsEventResponse> {
        StreamsEventResponse handle(DynamodbEvent event);

        @Override
        default StreamsEventResponse handleRequest(DynamodbEvent event, com.amazonaws.services.lambda.runtime.Context context) {
            return handle(event);
        }
    }

    private static StreamTrigger trigger(Handler handler) {
        return new StreamTrigger("ReplicatedWritesFunction", "us-east-1", handler);
    }
}
