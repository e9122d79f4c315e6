package io.cognate.adapters.triggers;

import com.sun.net.httpserver.HttpServer;
import io.cognate.ports.TriggerInvoker;
import io.cognate.testing.contracts.TriggerInvokerContract;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The HTTP invoker against a small HTTP server in the test: a 2xx body is the answer, any other
 * status with Lambda's error payload is the function's error, a closed port is unavailable.
 */
class HttpTriggerInvokerContractTest extends TriggerInvokerContract {
    private final HttpTriggerInvoker invoker = new HttpTriggerInvoker();
    private final AtomicReference<String> lastEvent = new AtomicReference<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Override
    protected TriggerInvoker invoker() {
        return invoker;
    }

    @Override
    protected String answering(String body) {
        return serve("/answering", 200, body);
    }

    @Override
    protected String failing(String errorMessage) {
        return serve("/failing", 500, "{\"errorType\":\"Error\",\"errorMessage\":\"" + errorMessage + "\"}");
    }

    @Override
    protected String unreachable() {
        try (var socket = new java.net.ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            // A port that was free a moment ago and that nothing listens on now.
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String lastEventReceived() {
        return lastEvent.get();
    }

    private String serve(String path, int status, String body) {
        server.createContext(path, exchange -> {
            try (exchange) {
                lastEvent.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
