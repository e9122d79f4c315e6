package io.cognate.adapters.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;

/**
 * A local HTTP endpoint in place of an AWS JSON-protocol service, for the tests of the calls made
 * without the SDK's pipeline and of the SDK client beside them: it keeps each request (headers
 * named in lower case, and {@code body}) and answers what the test says, with DynamoDB's
 * {@code x-amz-crc32} of the body unless the answer names another.
 */
final class StubAwsEndpoint implements AutoCloseable {
    /** An answer; {@code crc} null: the body's own checksum. */
    record Reply(int status, String body, String crc) {
        Reply(int status, String body) {
            this(status, body, null);
        }
    }

    interface Replies {
        Reply to(Map<String, String> request);
    }

    private final HttpServer server;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    private StubAwsEndpoint(String contentType, Replies replies) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> request = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    request.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
            request.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(request);
            Reply reply = replies.to(request);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            var crc = new CRC32();
            crc.update(bytes);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.getResponseHeaders().add("x-amz-crc32", reply.crc() != null ? reply.crc() : Long.toString(crc.getValue()));
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    static StubAwsEndpoint start(String contentType, Replies replies) throws IOException {
        return new StubAwsEndpoint(contentType, replies);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The requests received, in order. */
    List<Map<String, String>> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
