package io.cognate.local.streams;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.local.gateway.LocalLambdaContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Delivers one region's DynamoDB stream records to a function the way a Lambda event source
 * mapping with {@code ReportBatchItemFailures} does: the batch as the JSON Lambda sends, read by
 * the Lambda runtime's own serializer into a {@link DynamodbEvent}, then the handler. Records the
 * answer names as failed (or the whole batch, when the handler throws) are retried up to
 * {@link #MAX_RETRY_ATTEMPTS} times, as {@code MaximumRetryAttempts} in template.yaml has it;
 * then they go to the on-failure destination, here a count and an error line naming the records.
 */
public final class StreamTrigger {
    /** template.yaml's MaximumRetryAttempts on the replicated-writes mappings. */
    public static final int MAX_RETRY_ATTEMPTS = 5;
    /** The stream label of every local table: one stream per table, never re-created. */
    static final String STREAM_LABEL = "2026-01-01T00:00:00.000";
    private static final String ACCOUNT = "123456789012";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(StreamTrigger.class);

    /** One change of one item, as a stream record carries it (null images: none). */
    public record Change(String table, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
    }

    private final String functionName;
    private final String region;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final PojoSerializer<DynamodbEvent> events;
    private final AtomicLong sequence = new AtomicLong(100_000_000_000_000_000L);
    private final AtomicLong discarded = new AtomicLong();

    public StreamTrigger(String functionName, String region, RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        this.functionName = functionName;
        this.region = region;
        this.handler = handler;
        this.events = LambdaEventSerializers.serializerFor(DynamodbEvent.class, handler.getClass().getClassLoader());
    }

    /** Runs the handler once on {@code eventJson}; whatever it throws propagates, as a failed invocation. */
    public StreamsEventResponse invoke(String eventJson) {
        DynamodbEvent event = events.fromJson(eventJson);
        return handler.handleRequest(event, new LocalLambdaContext(functionName, region, TIMEOUT));
    }

    /** Delivers {@code changes} as one batch, retrying failed records; returns how many were given up on. */
    public int deliver(List<Change> changes) {
        List<ObjectNode> pending = new ArrayList<>();
        for (Change change : changes) {
            pending.add(record(change, String.valueOf(sequence.incrementAndGet())));
        }
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_RETRY_ATTEMPTS) {
                discarded.addAndGet(pending.size());
                LOG.error("{} in {}: gave up on stream records {} after {} retries (on-failure destination)",
                        functionName, region, pending.stream().map(r -> r.path("dynamodb").path("SequenceNumber").asText())
                                .toList(), MAX_RETRY_ATTEMPTS);
                return pending.size();
            }
            pending = failed(pending);
        }
        return 0;
    }

    /** Records given up on so far (what the on-failure destination received). */
    public long discarded() {
        return discarded.get();
    }

    /** One attempt; returns the records to retry: from the first failed one on, as Lambda resumes. */
    private List<ObjectNode> failed(List<ObjectNode> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(array::add);
        StreamsEventResponse response;
        try {
            response = invoke(event.toString());
        } catch (RuntimeException e) {
            LOG.warn("{} in {} failed on a batch of {}: {}", functionName, region, records.size(), e.getClass().getName());
            return records;
        }
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return List.of();
        }
        int from = records.size();
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure.getItemIdentifier();
            if (id == null || id.isEmpty()) {
                return records; // no record named: the whole batch again
            }
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).path("dynamodb").path("SequenceNumber").asText().equals(id)) {
                    from = Math.min(from, i);
                }
            }
        }
        return from == records.size() ? records : records.subList(from, records.size());
    }

    /** A stream record as Lambda delivers it, in the shape of AWS's sample DynamoDB event. */
    ObjectNode record(Change change, String sequenceNumber) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventID", Long.toHexString(Long.parseLong(sequenceNumber)));
        record.put("eventName", change.oldImage() == null ? "INSERT" : change.newImage() == null ? "REMOVE" : "MODIFY");
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", region);
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", System.currentTimeMillis() / 1000);
        Map<String, AttributeValue> any = change.newImage() != null ? change.newImage() : change.oldImage();
        ObjectNode keys = dynamodb.putObject("Keys");
        for (String key : List.of("pk", "sk")) {
            if (any != null && any.containsKey(key)) {
                keys.set(key, json(any.get(key)));
            }
        }
        if (change.newImage() != null) {
            dynamodb.set("NewImage", image(change.newImage()));
        }
        if (change.oldImage() != null) {
            dynamodb.set("OldImage", image(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", sequenceNumber);
        dynamodb.put("SizeBytes", 0);
        dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
        record.put("eventSourceARN", streamArn(region, change.table()));
        return record;
    }

    public static String streamArn(String region, String table) {
        return "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + table + "/stream/" + STREAM_LABEL;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode image = JSON.createObjectNode();
        item.forEach((name, value) -> image.set(name, json(value)));
        return image;
    }

    /** DynamoDB's JSON of one value, as the stream (and Lambda) write it. */
    static ObjectNode json(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(Base64.getEncoder().encodeToString(b.asByteArray())));
            case M -> {
                ObjectNode m = node.putObject("M");
                value.m().forEach((name, inner) -> m.set(name, json(inner)));
            }
            case L -> {
                ArrayNode l = node.putArray("L");
                value.l().forEach(inner -> l.add(json(inner)));
            }
            default -> throw new IllegalArgumentException("no DynamoDB JSON for " + value.type());
        }
        return node;
    }
}
