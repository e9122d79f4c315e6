package io.cognate.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.cognate.local.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Amazon EventBridge endpoint speaking the service's JSON 1.1 wire protocol, so the real
 * AWS SDK client can publish to it. Only PutEvents is offered; signatures are not checked.
 * Accepted events are logged in memory and handed to listeners before PutEvents answers, which
 * keeps local flows deterministic (real EventBridge delivers asynchronously).
 */
public final class LocalEventBridge implements AutoCloseable {

    static final String PUT_EVENTS_TARGET = "AWSEvents.PutEvents";
    private static final String AMZ_JSON = "application/x-amz-json-1.1";
    /** PutEvents accepts at most ten entries per call. */
    private static final int MAX_ENTRIES = 10;
    private static final Pattern CREDENTIAL_REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/");
    private static final Logger log = LoggerFactory.getLogger(LocalEventBridge.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String defaultRegion;
    private final LoopbackServer server;
    private final Queue<LocalEvent> events = new ConcurrentLinkedQueue<>();
    private final List<Consumer<LocalEvent>> listeners = new CopyOnWriteArrayList<>();

    /** Binds 127.0.0.1:{@code port} (0 picks a free port); unsigned requests count as {@code defaultRegion}. */
    public LocalEventBridge(int port, String defaultRegion) {
        this.defaultRegion = defaultRegion;
        server = LoopbackServer.bind("local-eventbridge", port, this::handle);
    }

    public LocalEventBridge(int port) {
        this(port, "us-east-1");
    }

    public LocalEventBridge start() {
        server.start();
        log.info("EventBridge listening on {}", endpoint());
        return this;
    }

    /** The endpoint to give the SDK client's {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.port();
    }

    /** Calls {@code listener} with every event accepted from now on, on the publishing request's thread. */
    public void subscribe(Consumer<LocalEvent> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<LocalEvent> listener) {
        listeners.remove(listener);
    }

    /** Every accepted event so far, oldest first. */
    public List<LocalEvent> events() {
        return List.copyOf(events);
    }

    public void clear() {
        events.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!exchange.getRequestMethod().equals("POST") || !PUT_EVENTS_TARGET.equals(target)) {
                sendValidationError(exchange, "Unsupported operation: " + exchange.getRequestMethod() + " " + target
                        + "; this local EventBridge offers " + PUT_EVENTS_TARGET);
                return;
            }
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                request = MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                sendValidationError(exchange, "Malformed request body: " + e.getOriginalMessage());
                return;
            }
            JsonNode entries = request == null ? null : request.get("Entries");
            if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
                sendValidationError(exchange, "1 validation error detected: Value at 'entries' failed to satisfy "
                        + "constraint: Member must have length between 1 and " + MAX_ENTRIES);
                return;
            }
            send(exchange, 200, putEvents(entries, regionOf(exchange)));
        } catch (IOException | RuntimeException e) {
            log.warn("EventBridge: request failed: {}", e.toString());
        }
    }

    private ObjectNode putEvents(JsonNode entries, String region) {
        ObjectNode response = MAPPER.createObjectNode();
        ArrayNode results = MAPPER.createArrayNode();
        int failed = 0;
        List<LocalEvent> accepted = new ArrayList<>();
        for (JsonNode entry : entries) {
            try {
                LocalEvent event = toEvent(entry, region);
                accepted.add(event);
                results.addObject().put("EventId", event.id());
            } catch (EntryRejected rejected) {
                failed++;
                results.addObject().put("ErrorCode", rejected.code).put("ErrorMessage", rejected.getMessage());
            }
        }
        accepted.forEach(this::publish);
        response.put("FailedEntryCount", failed);
        response.set("Entries", results);
        return response;
    }

    /** Keeps an event delivered elsewhere (LocalStack's EventBridge) and tells the subscribers, as if put here. */
    public void deliver(LocalEvent event) {
        publish(event);
    }

    private void publish(LocalEvent event) {
        events.add(event);
        log.debug("EventBridge: {} {} on {}", event.source(), event.detailType(), event.eventBusName());
        for (Consumer<LocalEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) { // one broken listener must not fail the publisher
                log.error("EventBridge: listener failed on {} {}", event.source(), event.detailType(), e);
            }
        }
    }

    private static LocalEvent toEvent(JsonNode entry, String region) throws EntryRejected {
        String source = required(entry, "Source");
        String detailType = required(entry, "DetailType");
        String detailText = required(entry, "Detail");
        JsonNode detail;
        try {
            detail = MAPPER.readTree(detailText);
        } catch (JsonProcessingException e) {
            throw new EntryRejected("MalformedDetail", "Detail is malformed.");
        }
        if (detail == null || !detail.isObject()) {
            throw new EntryRejected("MalformedDetail", "Detail is malformed.");
        }
        String bus = entry.path("EventBusName").asText("");
        List<String> resources = new ArrayList<>();
        entry.path("Resources").forEach(resource -> resources.add(resource.asText()));
        return new LocalEvent(UUID.randomUUID().toString(), source, detailType, detail,
                bus.isEmpty() ? "default" : bus, timeOf(entry.get("Time")), resources, region);
    }

    private static String required(JsonNode entry, String field) throws EntryRejected {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new EntryRejected("InvalidArgument",
                    "Parameter " + field + " is not valid. Reason: " + field + " is a required argument.");
        }
        return value.asText();
    }

    /** The JSON protocol sends timestamps as epoch seconds; an ISO-8601 string is accepted too. */
    private static Instant timeOf(JsonNode time) {
        if (time == null || time.isNull()) {
            return Instant.now();
        }
        if (time.isNumber()) {
            BigDecimal millis = time.decimalValue().movePointRight(3);
            return Instant.ofEpochMilli(millis.longValue());
        }
        try {
            return Instant.parse(time.asText());
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private String regionOf(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            Matcher matcher = CREDENTIAL_REGION.matcher(authorization);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return defaultRegion;
    }

    private static void sendValidationError(HttpExchange exchange, String message) throws IOException {
        ObjectNode error = MAPPER.createObjectNode().put("__type", "ValidationException").put("message", message);
        send(exchange, 400, error);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", AMZ_JSON);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A per-entry failure, reported in the response rather than failing the whole call. */
    private static final class EntryRejected extends Exception {
        private final String code;

        EntryRejected(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
