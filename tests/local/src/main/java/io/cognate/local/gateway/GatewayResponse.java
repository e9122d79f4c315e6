package io.cognate.local.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP response API Gateway sends for one request: built from a Lambda response in payload
 * format 2.0, or one of API Gateway's own error answers.
 */
public record GatewayResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {

    public GatewayResponse {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** API Gateway's own answers carry {@code {"message":"..."}}. */
    public static GatewayResponse message(int statusCode, String message) {
        String json = JsonHttp.MAPPER.createObjectNode().put("message", message).toString();
        return new GatewayResponse(statusCode, Map.of("Content-Type", List.of("application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    static GatewayResponse notFound() {
        return message(404, "Not Found");
    }

    static GatewayResponse internalServerError() {
        return message(500, "Internal Server Error");
    }

    static GatewayResponse serviceUnavailable() {
        return message(503, "Service Unavailable");
    }

    /** What a throttled route answers (HTTP APIs send no {@code x-amzn-ErrorType} with it). */
    static GatewayResponse tooManyRequests() {
        return message(429, "Too Many Requests");
    }

    static GatewayResponse payloadTooLarge() {
        return message(413, "Request Entity Too Large");
    }

    /**
     * Reads a Lambda response as API Gateway does for payload format 2.0: an object with a
     * statusCode is taken field by field; any other valid JSON is the body of a 200 JSON answer.
     *
     * @throws IllegalArgumentException when the response is not JSON or has an impossible status
     */
    static GatewayResponse fromLambdaResponse(String json) {
        JsonNode response;
        try {
            response = JsonHttp.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the function's response is not JSON", e);
        }
        if (response == null || !response.isObject() || !response.has("statusCode")) {
            return new GatewayResponse(200, Map.of("Content-Type", List.of("application/json")),
                    json.getBytes(StandardCharsets.UTF_8));
        }
        int status = response.path("statusCode").asInt(-1);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("the function returned statusCode " + response.get("statusCode"));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.path("headers").properties().forEach(header ->
                headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue().asText()));
        response.path("multiValueHeaders").properties().forEach(header ->
                header.getValue().forEach(value ->
                        headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(value.asText())));
        response.path("cookies").forEach(cookie ->
                headers.computeIfAbsent("Set-Cookie", k -> new ArrayList<>()).add(cookie.asText()));
        JsonNode body = response.path("body");
        byte[] bytes;
        if (body.isMissingNode() || body.isNull()) {
            bytes = new byte[0];
        } else if (response.path("isBase64Encoded").asBoolean(false)) {
            bytes = Base64.getMimeDecoder().decode(body.asText());
        } else {
            bytes = body.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new GatewayResponse(status, headers, bytes);
    }

    /** The first value of a header, matching its name without regard to case. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty())
                .map(header -> header.getValue().getFirst())
                .findFirst();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Sends this response; the caller closes the exchange. */
    void writeTo(HttpExchange exchange, String requestId) throws IOException {
        headers.forEach((name, values) -> {
            if (!HttpHeaderNames.isManagedByServer(name)) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        exchange.getResponseHeaders().set("apigw-requestid", requestId);
        boolean noBody = exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                || statusCode == 204 || statusCode == 304 || body.length == 0;
        exchange.sendResponseHeaders(statusCode, noBody ? -1 : body.length);
        if (!noBody) {
            // Flushed, not closed: closing would end the exchange before an unread request body is drained.
            OutputStream out = exchange.getResponseBody();
            out.write(body);
            out.flush();
        }
    }
}
