package io.cognate.local.dynamo;

import com.sun.net.httpserver.HttpExchange;
import io.cognate.local.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * One region's DynamoDB throttling switch. While on, the region's functions' DynamoDB requests go
 * through a small proxy that answers a share of them, attempt by attempt, as DynamoDB does when a
 * table's capacity is exceeded (HTTP 400, {@code ProvisionedThroughputExceededException}) and
 * passes the rest to the region's DynamoDB Local. The SDK sees the real error on the wire and
 * retries it with its throttling back-off, as it would on AWS. Installed as an interceptor on the
 * functions' SDK clients; the stack's own clients (replication, status) are never throttled.
 */
public final class DynamoDbThrottle implements ExecutionInterceptor, AutoCloseable {
    private static final byte[] THROTTLED = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
            + "ProvisionedThroughputExceededException\",\"message\":\"The level of configured provisioned throughput"
            + " for the table was exceeded (local throttling switch)\"}").getBytes(StandardCharsets.UTF_8);
    /** Headers the JDK's client sets itself and refuses from the caller. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");

    private final Supplier<URI> dynamoDb;
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final LoopbackServer server;
    private volatile double share;

    /** @param dynamoDb where the requests not throttled go: the region's DynamoDB endpoint */
    public DynamoDbThrottle(Supplier<URI> dynamoDb) {
        this.dynamoDb = dynamoDb;
        this.server = LoopbackServer.bind("local-dynamodb-throttle", 0, this::handle);
        server.start();
    }

    /** The share of requests throttled from now on: 0 (off) to 1 (every request). */
    public void setShare(double newShare) {
        if (!(newShare >= 0 && newShare <= 1)) {
            throw new IllegalArgumentException("the throttled share must be between 0 and 1, not " + newShare);
        }
        this.share = newShare;
    }

    public double share() {
        return share;
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (share == 0 || !"DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return context.httpRequest();
        }
        return context.httpRequest().toBuilder().protocol("http").host("127.0.0.1").port(server.port()).build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (ThreadLocalRandom.current().nextDouble() < share) {
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "ProvisionedThroughputExceededException");
                exchange.sendResponseHeaders(400, THROTTLED.length);
                exchange.getResponseBody().write(THROTTLED);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(dynamoDb.get().resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> answer;
            try {
                answer = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            } catch (IOException unreachable) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            answer.headers().map().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] bytes = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
