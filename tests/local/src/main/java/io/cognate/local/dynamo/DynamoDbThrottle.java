package io.cognate.local.dynamo;

import io.cognate.local.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * One region's DynamoDB throttling switch. While on, a share of the region's functions' DynamoDB
 * requests go to an endpoint that answers as DynamoDB does when a table's capacity is exceeded
 * (HTTP 400, {@code ProvisionedThroughputExceededException}), so the SDK sees the real error on
 * the wire and retries it as a throttle; the rest reach the region's DynamoDB Local as usual.
 * Installed as an interceptor on the functions' SDK clients; the stack's own clients (replication,
 * status) are not throttled.
 */
public final class DynamoDbThrottle implements ExecutionInterceptor, AutoCloseable {
    private static final byte[] THROTTLED = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
            + "ProvisionedThroughputExceededException\",\"message\":\"The level of configured provisioned throughput"
            + " for the table was exceeded (local throttling switch)\"}").getBytes(StandardCharsets.UTF_8);

    private final LoopbackServer server;
    private volatile double share;

    public DynamoDbThrottle() {
        this.server = LoopbackServer.bind("local-dynamodb-throttle", 0, exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "ProvisionedThroughputExceededException");
                exchange.sendResponseHeaders(400, THROTTLED.length);
                exchange.getResponseBody().write(THROTTLED);
            } catch (IOException gone) {
                // The client went away; nobody is left to answer.
            }
        });
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
        double now = share;
        if (now == 0 || !"DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                || ThreadLocalRandom.current().nextDouble() >= now) {
            return context.httpRequest();
        }
        URI throttling = URI.create("http://127.0.0.1:" + server.port());
        return context.httpRequest().toBuilder().protocol(throttling.getScheme()).host(throttling.getHost())
                .port(throttling.getPort()).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
