package io.cognate.local.events;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.local.gateway.LocalLambdaContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers EventBridge events to a function the way an EventBridge rule with a Lambda target
 * does: the event as JSON, read by the Lambda runtime's own serializer into a
 * {@link ScheduledEvent} (the Java type for every EventBridge event), then the handler.
 */
public final class EventRuleInvoker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String functionName;
    private final String region;
    private final RequestHandler<ScheduledEvent, Map<String, Object>> handler;
    private final PojoSerializer<ScheduledEvent> events;

    public EventRuleInvoker(String functionName, String region, RequestHandler<ScheduledEvent, Map<String, Object>> handler) {
        this.functionName = functionName;
        this.region = region;
        this.handler = handler;
        this.events = LambdaEventSerializers.serializerFor(ScheduledEvent.class, handler.getClass().getClassLoader());
    }

    /** Runs the handler on {@code eventJson}; whatever it throws propagates, as a failed invocation. */
    public Map<String, Object> invoke(String eventJson, Duration timeout) {
        ScheduledEvent event = events.fromJson(eventJson);
        return handler.handleRequest(event, new LocalLambdaContext(functionName, region, timeout));
    }

    /** What a {@code rate(...)} schedule rule sends, as in AWS's sample ScheduledEvent. */
    public static String scheduledEvent(String region, String ruleName, Instant time) {
        ObjectNode event = envelope(region, "aws.events", "Scheduled Event", time);
        event.putArray("resources").add("arn:aws:events:" + region + ":" + LocalEventAccount.ID + ":rule/" + ruleName);
        event.putObject("detail");
        return event.toString();
    }

    /** A custom event as PutEvents delivers it to a rule's target. */
    public static String customEvent(String region, String source, String detailType, Map<String, ?> detail, Instant time) {
        ObjectNode event = envelope(region, source, detailType, time);
        event.putArray("resources");
        event.set("detail", JSON.valueToTree(detail));
        return event.toString();
    }

    private static ObjectNode envelope(String region, String source, String detailType, Instant time) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", LocalEventAccount.ID);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        return event;
    }

    /** The account local events claim to come from. */
    static final class LocalEventAccount {
        static final String ID = "000000000000";

        private LocalEventAccount() {
        }
    }
}
