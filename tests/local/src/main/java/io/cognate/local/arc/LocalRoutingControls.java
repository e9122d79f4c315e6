package io.cognate.local.arc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.cognate.local.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Route 53 Application Recovery Controller cluster: its routing controls and several
 * cluster endpoints, each speaking the routing-control data plane's JSON 1.0 protocol
 * ({@code ToggleCustomerAPI.*}) so the real SDK client works against them. The endpoints share
 * one state, like a real cluster's five regional endpoints; each can be made unavailable, to test
 * that callers try the next one.
 */
public final class LocalRoutingControls implements AutoCloseable {
    private static final String TARGET_PREFIX = "ToggleCustomerAPI.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "000000000000";

    private final String controlPanelArn;
    private final Map<String, Control> controls = new LinkedHashMap<>();
    private final List<Endpoint> endpoints = new ArrayList<>();

    private static final class Control {
        final String arn;
        final String name;
        volatile String state = "Off";

        Control(String arn, String name) {
            this.arn = arn;
            this.name = name;
        }
    }

    private final class Endpoint {
        final String region;
        final LoopbackServer server;
        final AtomicInteger requests = new AtomicInteger();
        volatile boolean available = true;

        Endpoint(String region) {
            this.region = region;
            server = LoopbackServer.bind("local-arc", 0, this::handle);
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.port() + "/v1");
        }

        void handle(HttpExchange exchange) {
            try (exchange) {
                requests.incrementAndGet();
                int status = 200;
                ObjectNode body;
                try {
                    if (!available) {
                        throw new ArcError("EndpointTemporarilyUnavailableException", 400,
                                "The cluster endpoint in " + region + " is temporarily unavailable.");
                    }
                    body = dispatch(exchange);
                } catch (ArcError error) {
                    status = error.status;
                    body = JSON.createObjectNode().put("__type", error.type).put("message", error.getMessage());
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", error.type);
                }
                byte[] bytes = JSON.writeValueAsBytes(body);
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException e) {
                // The caller went away.
            }
        }

        void close() {
            server.close();
        }
    }

    private static final class ArcError extends RuntimeException {
        final String type;
        final int status;

        ArcError(String type, int status, String message) {
            super(message, null, false, false);
            this.type = type;
            this.status = status;
        }

        static ArcError validation(String message) {
            return new ArcError("ValidationException", 400, message);
        }
    }

    /** Starts a cluster with one endpoint per named region (AWS runs five). */
    public LocalRoutingControls(List<String> endpointRegions) {
        this.controlPanelArn = "arn:aws:route53-recovery-control::" + ACCOUNT + ":controlpanel/" + hex(32);
        try {
            for (String region : endpointRegions) {
                endpoints.add(new Endpoint(region));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Creates a routing control (Off, as new controls are); returns its ARN. */
    public synchronized String createRoutingControl(String name) {
        String arn = controlPanelArn + "/routingcontrol/" + hex(16);
        controls.put(arn, new Control(arn, name));
        return arn;
    }

    public String state(String arn) {
        Control control = controls.get(arn);
        if (control == null) {
            throw new IllegalArgumentException("no routing control " + arn);
        }
        return control.state;
    }

    /** The cluster endpoints in the order given, with the region each is in. */
    public Map<String, URI> endpoints() {
        Map<String, URI> result = new LinkedHashMap<>();
        endpoints.forEach(endpoint -> result.put(endpoint.region, endpoint.uri()));
        return result;
    }

    public void setAvailable(String endpointRegion, boolean available) {
        endpoint(endpointRegion).available = available;
    }

    /** Requests an endpoint has received, answered or not. */
    public int requestCount(String endpointRegion) {
        return endpoint(endpointRegion).requests.get();
    }

    private Endpoint endpoint(String region) {
        return endpoints.stream().filter(e -> e.region.equals(region)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cluster endpoint in " + region));
    }

    @Override
    public void close() {
        endpoints.forEach(Endpoint::close);
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new ArcError("UnknownOperationException", 400, "Expected a POST with X-Amz-Target: " + TARGET_PREFIX + "<Operation>");
        }
        JsonNode request;
        try {
            byte[] raw = exchange.getRequestBody().readNBytes(1 << 20);
            request = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (JacksonException e) {
            throw new ArcError("SerializationException", 400, "Request body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw new ArcError("SerializationException", 400, "Request body must be a JSON object");
        }
        return switch (target.substring(TARGET_PREFIX.length())) {
            case "GetRoutingControlState" -> {
                Control control = control(request.path("RoutingControlArn"));
                yield JSON.createObjectNode().put("RoutingControlArn", control.arn)
                        .put("RoutingControlState", control.state).put("RoutingControlName", control.name);
            }
            case "UpdateRoutingControlState" -> {
                Control control = control(request.path("RoutingControlArn"));
                control.state = state(request.path("RoutingControlState"));
                yield JSON.createObjectNode();
            }
            case "UpdateRoutingControlStates" -> updateMany(request.path("UpdateRoutingControlStateEntries"));
            case "ListRoutingControls" -> list();
            default -> throw new ArcError("UnknownOperationException", 400, "Unknown operation " + target);
        };
    }

    /** All entries are checked before any is applied, as the batch is atomic. */
    private synchronized ObjectNode updateMany(JsonNode entries) {
        if (!entries.isArray() || entries.isEmpty()) {
            throw ArcError.validation("UpdateRoutingControlStateEntries must be a non-empty list");
        }
        Map<Control, String> updates = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            updates.put(control(entry.path("RoutingControlArn")), state(entry.path("RoutingControlState")));
        }
        updates.forEach((control, state) -> control.state = state);
        return JSON.createObjectNode();
    }

    private synchronized ObjectNode list() {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode list = response.putArray("RoutingControls");
        controls.values().forEach(c -> list.addObject().put("ControlPanelArn", controlPanelArn)
                .put("ControlPanelName", "cognate").put("RoutingControlArn", c.arn).put("RoutingControlName", c.name)
                .put("RoutingControlState", c.state).put("Owner", ACCOUNT));
        return response;
    }

    private synchronized Control control(JsonNode arn) {
        if (!arn.isTextual() || arn.asText().isEmpty()) {
            throw ArcError.validation("1 validation error detected: Value null at 'routingControlArn' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        Control control = controls.get(arn.asText());
        if (control == null) {
            throw new ArcError("ResourceNotFoundException", 400, "Routing control " + arn.asText() + " does not exist.");
        }
        return control;
    }

    private static String state(JsonNode state) {
        if (!state.isTextual() || !(state.asText().equals("On") || state.asText().equals("Off"))) {
            throw ArcError.validation("RoutingControlState must be On or Off");
        }
        return state.asText();
    }

    private static String hex(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return text.toString();
    }
}
