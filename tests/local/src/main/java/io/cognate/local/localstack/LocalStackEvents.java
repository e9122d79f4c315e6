package io.cognate.local.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.adapters.aws.EventBridgeCodeDelivery;
import io.cognate.adapters.aws.EventBridgeFailoverEvents;
import io.cognate.local.events.LocalEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The functions' events on LocalStack's EventBridge, read back: in every region the bus the
 * functions publish to, a rule for Cognate's event sources and an SQS queue as its target (what
 * a deployment would subscribe). A reader hands each event to the local stack, which keeps them
 * as it keeps the events of its own EventBridge (the outbox, the failover narration).
 *
 * <p>EventBridge delivers to the queue after PutEvents has answered, so a reader of the events
 * first calls {@link #settle()}: it reads every queue until one long poll finds nothing.
 */
public final class LocalStackEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalStackEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = "cognate-local-events";

    private final SdkHttpClient http = LocalStackEndpoint.httpClient();
    private final Map<String, SqsClient> queues = new LinkedHashMap<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final List<EventBridgeClient> buses = new ArrayList<>();
    private final String busName;
    private final Consumer<LocalEvent> sink;
    private final Object reading = new Object();
    private final Thread reader;
    private volatile boolean running = true;

    private LocalStackEvents(String busName, Consumer<LocalEvent> sink) {
        this.busName = busName;
        this.sink = sink;
        this.reader = Thread.ofPlatform().name("localstack-events").daemon().unstarted(this::readLoop);
    }

    /** Sets up bus, rule and queue in each region and starts reading; events go to {@code sink}. */
    public static LocalStackEvents start(LocalStackEndpoint endpoint, List<String> regions, String busName,
                                         Consumer<LocalEvent> sink) {
        LocalStackEvents events = new LocalStackEvents(busName, sink);
        try {
            for (String region : regions) {
                events.wire(endpoint, region);
            }
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
        events.reader.start();
        return events;
    }

    private void wire(LocalStackEndpoint endpoint, String region) {
        SqsClient sqs = endpoint.sqs(region, http);
        queues.put(region, sqs);
        String url = sqs.createQueue(b -> b.queueName(busName + "-events")).queueUrl();
        queueUrls.put(region, url);
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        EventBridgeClient bus = endpoint.eventBridge(region, http);
        buses.add(bus);
        bus.createEventBus(b -> b.name(busName));
        ObjectNode pattern = JSON.createObjectNode();
        ArrayNode sources = pattern.putArray("source");
        sources.add(EventBridgeCodeDelivery.SOURCE).add(EventBridgeFailoverEvents.SOURCE);
        bus.putRule(b -> b.name(RULE).eventBusName(busName).eventPattern(pattern.toString()));
        // LocalStack does not check resource policies, so the queue needs none for the rule to deliver.
        bus.putTargets(b -> b.rule(RULE).eventBusName(busName).targets(t -> t.id("outbox-queue").arn(queueArn)));
    }

    /** Reads every queue until a long poll of each finds nothing, handing over what it read. */
    public void settle() {
        synchronized (reading) {
            boolean any = true;
            while (any) {
                any = false;
                for (String region : queues.keySet()) {
                    any |= readOnce(region, 1) > 0;
                }
            }
        }
    }

    private void readLoop() {
        while (running) {
            try {
                synchronized (reading) {
                    for (String region : queues.keySet()) {
                        readOnce(region, 1);
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("LocalStack events: reading failed ({}); trying again", e.toString());
                }
            }
        }
    }

    private int readOnce(String region, int waitSeconds) {
        SqsClient sqs = queues.get(region);
        String url = queueUrls.get(region);
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds)).messages();
        for (Message message : messages) {
            try {
                sink.accept(fromTargetMessage(JSON.readTree(message.body()), busName, region));
            } catch (IOException | RuntimeException e) {
                log.error("LocalStack events: could not read an event from {} ({})", region, e.getClass().getSimpleName());
            }
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
        }
        return messages.size();
    }

    /** An event as EventBridge hands it to a target (the SQS message body), on {@code busName}. */
    static LocalEvent fromTargetMessage(JsonNode event, String busName, String queueRegion) {
        List<String> resources = new ArrayList<>();
        event.path("resources").forEach(r -> resources.add(r.asText()));
        Instant time;
        try {
            time = Instant.parse(event.path("time").asText());
        } catch (DateTimeParseException e) {
            time = Instant.now();
        }
        return new LocalEvent(event.path("id").asText(), event.path("source").asText(), event.path("detail-type").asText(),
                event.path("detail"), busName, time, resources, event.path("region").asText(queueRegion));
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queues.values().forEach(SqsClient::close);
        buses.forEach(EventBridgeClient::close);
        http.close();
    }
}
