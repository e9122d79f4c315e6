package io.cognate.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/** Small helpers for answering JSON from the JDK HTTP server. */
public final class JsonHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonHttp() {
    }

    /** A handler that answers every request with {@code body.get()} serialized by Jackson. */
    public static HttpHandler json(Supplier<?> body) {
        return exchange -> {
            try (exchange) {
                send(exchange, 200, body.get());
            }
        };
    }

    /** Writes {@code body}, serialized by Jackson, with {@code status}; the caller closes the exchange. */
    public static void send(HttpExchange exchange, int status, Object body) throws IOException {
        sendJsonText(exchange, status, MAPPER.writeValueAsString(body));
    }

    /** Writes text that already is JSON; the caller closes the exchange. */
    public static void sendJsonText(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head) {
            // Flushed, not closed, so the caller may still drain the request before closing the exchange.
            OutputStream out = exchange.getResponseBody();
            out.write(bytes);
            out.flush();
        }
    }

    /** Writes API Gateway's error shape, {@code {"message":"..."}}. */
    public static void sendMessage(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, Map.of("message", message));
    }
}
