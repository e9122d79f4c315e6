package io.cognate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.cognate.local.gateway.FrontDoor;
import io.cognate.local.gateway.JsonHttp;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local stack's failure switches and operations over HTTP, next to {@code /_local/config}:
 * <ul>
 *   <li>{@code POST /_local/regions/{region}/outage {"down": true|false}}</li>
 *   <li>{@code POST /_local/regions/{region}/kms {"failing": true|false}}</li>
 *   <li>{@code POST /_local/regions/{region}/dynamodb {"throttled": 0.0..1.0}}: that share of the
 *       region's DynamoDB requests is answered {@code ProvisionedThroughputExceededException}</li>
 *   <li>{@code POST /_local/replication {"paused": bool, "lagMs": n}} (either member may be left out)</li>
 *   <li>{@code POST /_local/switchover {"to": region}}: a planned switchover; answers when done</li>
 *   <li>{@code POST /_local/migration {"endpoint", "region", "userPoolId", "clientId", "clientSecret"?,
 *       "accessKeyId"?, "secretAccessKey"?, "keepSub"?}}: the legacy Cognito pool users are moved in
 *       from (lazy migration); {@code {}} names none. The key, when given, signs the calls to it
 *       (a legacy pool that is a local stack wants its admin key); otherwise the SDK's default chain.
 *       Secrets are never echoed back.</li>
 * </ul>
 */
final class LocalControls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4096;

    private final LocalCognate stack;

    LocalControls(LocalCognate stack) {
        this.stack = stack;
    }

    void registerWith(FrontDoor frontDoor) {
        frontDoor.register("/_local/regions", exchange -> answer(exchange, this::regions));
        frontDoor.register("/_local/replication", exchange -> answer(exchange, this::replication));
        frontDoor.register("/_local/switchover", exchange -> answer(exchange, this::switchover));
        frontDoor.register("/_local/migration", exchange -> answer(exchange, this::migration));
        frontDoor.register("/_local/forwarding", exchange -> answer(exchange, this::forwarding));
    }

    private interface Operation {
        Object run(HttpExchange exchange, JsonNode body);
    }

    /** A request the caller got wrong: answered 400 (or the given status) with a message. */
    private static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static void answer(HttpExchange exchange, Operation operation) throws IOException {
        try (exchange) {
            try {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    throw new BadRequest(405, "use POST with a JSON body");
                }
                byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
                if (raw.length > MAX_BODY) {
                    throw new BadRequest(413, "the body is too large");
                }
                JsonNode body;
                try {
                    body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
                } catch (IOException e) {
                    throw new BadRequest(400, "the body is not JSON");
                }
                if (body == null || !body.isObject()) {
                    throw new BadRequest(400, "the body must be a JSON object");
                }
                JsonHttp.send(exchange, 200, operation.run(exchange, body));
            } catch (BadRequest e) {
                JsonHttp.sendMessage(exchange, e.status, e.getMessage());
            }
        }
    }

    private Object regions(HttpExchange exchange, JsonNode body) {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        // ["", "_local", "regions", "{region}", "{switch}"]
        if (parts.length != 5) {
            throw new BadRequest(404, "use /_local/regions/{region}/outage, .../kms or .../dynamodb");
        }
        String region = parts[3];
        if (stack.regions().stream().noneMatch(r -> r.name().equals(region))) {
            throw new BadRequest(404, "no local region " + region);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("region", region);
        switch (parts[4]) {
            case "outage" -> {
                boolean down = requiredBoolean(body, "down");
                stack.setOutage(region, down);
                result.put("down", down);
            }
            case "kms" -> {
                boolean failing = requiredBoolean(body, "failing");
                stack.setKmsFailing(region, failing);
                result.put("kmsFailing", failing);
            }
            case "dynamodb" -> {
                JsonNode share = body.get("throttled");
                if (share == null || !share.isNumber() || share.asDouble() < 0 || share.asDouble() > 1) {
                    throw new BadRequest(400, "\"throttled\" must be a share from 0 to 1");
                }
                stack.setDynamoDbThrottled(region, share.asDouble());
                result.put("dynamoDbThrottled", share.asDouble());
            }
            default -> throw new BadRequest(404, "no switch " + parts[4] + "; use outage, kms or dynamodb");
        }
        return result;
    }

    private Object replication(HttpExchange exchange, JsonNode body) {
        var replication = stack.replication();
        boolean paused = body.has("paused") ? requiredBoolean(body, "paused") : replication.isPaused();
        long lag = replication.lagMillis();
        if (body.has("lagMs")) {
            JsonNode value = body.get("lagMs");
            if (!value.canConvertToLong() || value.asLong() < 0) {
                throw new BadRequest(400, "lagMs must be a whole number of milliseconds, 0 or more");
            }
            lag = value.asLong();
        }
        stack.setReplication(paused, lag);
        return Map.of("paused", paused, "lagMs", lag);
    }

    /** {@code {"enabled": false}} turns the pool's write forwarding off, {@code true} on again. */
    private Object forwarding(HttpExchange exchange, JsonNode body) {
        boolean enabled = requiredBoolean(body, "enabled");
        stack.setWriteForwarding(enabled);
        return Map.of("writeForwarding", enabled);
    }

    private Object migration(HttpExchange exchange, JsonNode body) {
        if (body.isEmpty()) {
            stack.setLegacyPool(java.util.Optional.empty());
            return Map.of("legacyPool", "none");
        }
        var request = new LocalCognate.LegacyPoolRequest(optionalText(body, "endpoint").orElse(null),
                requiredText(body, "region"), requiredText(body, "userPoolId"), requiredText(body, "clientId"),
                optionalText(body, "clientSecret"), optionalText(body, "accessKeyId"),
                optionalText(body, "secretAccessKey"), body.has("keepSub") && requiredBoolean(body, "keepSub"));
        if (request.accessKeyId().isPresent() != request.secretAccessKey().isPresent()) {
            throw new BadRequest(400, "give both accessKeyId and secretAccessKey, or neither");
        }
        try {
            stack.setLegacyPool(java.util.Optional.of(request));
        } catch (io.cognate.domain.CognitoException refused) {
            throw new BadRequest(400, refused.getMessage());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("region", request.region());
        result.put("userPoolId", request.userPoolId());
        result.put("clientId", request.clientId());
        if (request.endpoint() != null) {
            result.put("endpoint", request.endpoint());
        }
        result.put("clientSecret", request.clientSecret().isPresent() ? "sealed" : "none");
        result.put("credentials", request.accessKeyId().isPresent() ? "given" : "default chain");
        result.put("keepSub", request.keepSub());
        return result;
    }

    private static String requiredText(JsonNode body, String name) {
        return optionalText(body, name).orElseThrow(() -> new BadRequest(400, name + " is required"));
    }

    private static java.util.Optional<String> optionalText(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return java.util.Optional.empty();
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new BadRequest(400, name + " must be a non-empty string");
        }
        return java.util.Optional.of(value.asText());
    }

    private Object switchover(HttpExchange exchange, JsonNode body) {
        JsonNode to = body.get("to");
        if (to == null || !to.isTextual() || stack.regions().stream().noneMatch(r -> r.name().equals(to.asText()))) {
            throw new BadRequest(400, "\"to\" must name a local region");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("to", to.asText());
        result.put("regions", stack.switchover(to.asText()));
        result.put("activeRegion", stack.activeRegion());
        result.put("trafficRegion", stack.trafficRegion().orElse(null));
        return result;
    }

    private static boolean requiredBoolean(JsonNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || !value.isBoolean()) {
            throw new BadRequest(400, "\"" + member + "\" must be true or false");
        }
        return value.booleanValue();
    }
}
