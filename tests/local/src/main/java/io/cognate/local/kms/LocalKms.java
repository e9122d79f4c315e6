package io.cognate.local.kms;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.cognate.local.LocalCredentials;
import io.cognate.local.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A local AWS KMS endpoint for one region, speaking the KMS JSON 1.1 protocol on 127.0.0.1 so that the
 * real AWS SDK can use it through {@code endpointOverride}. Request signatures are not checked.
 * Endpoints of several regions share one {@link KeyMaterialStore} to behave like one AWS account.
 */
public final class LocalKms implements AutoCloseable {

    private static final String TARGET_PREFIX = "TrentService.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String region;
    private final KeyMaterialStore store;
    private final KmsOperations operations;
    private final LoopbackServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean failing;
    private volatile boolean throttled;

    /** Binds 127.0.0.1:{@code port} (0 picks a free port) at once; requests are served after {@link #start()}. */
    public LocalKms(String region, int port, KeyMaterialStore store) {
        this.region = region;
        this.store = store;
        this.operations = new KmsOperations(region, store);
        server = LoopbackServer.bind("local-kms-" + region, port, this::handle);
    }

    /** A single-region endpoint with a store of its own. */
    public LocalKms(String region, int port) {
        this(region, port, new KeyMaterialStore());
    }

    /** Creates and starts an endpoint. */
    public static LocalKms start(String region, int port, KeyMaterialStore store) {
        return new LocalKms(region, port, store).start();
    }

    public LocalKms start() {
        server.start();
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** A real SDK client for this endpoint; the caller closes it. */
    public KmsClient newClient() {
        return KmsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(region()))
                .credentialsProvider(LocalCredentials.PROVIDER)
                .httpClient(AwsCrtHttpClient.create())
                .build();
    }

    public int port() {
        return server.port();
    }

    public String region() {
        return region;
    }

    public KeyMaterialStore store() {
        return store;
    }

    /** While true, every request fails with KMSInternalException, as in a regional KMS outage. */
    public void setFailing(boolean failing) {
        this.failing = failing;
    }

    public boolean isFailing() {
        return failing;
    }

    /** While true, every request is refused with ThrottlingException, as when the account's KMS quota is spent. */
    public void setThrottled(boolean throttled) {
        this.throttled = throttled;
    }

    public boolean isThrottled() {
        return throttled;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            int status = 200;
            ObjectNode body;
            try {
                body = dispatch(exchange);
            } catch (KmsError error) {
                status = error.status();
                body = errorBody(exchange, error);
            } catch (RuntimeException unexpected) {
                KmsError error = KmsError.internal("Local KMS failed: " + unexpected);
                status = error.status();
                body = errorBody(exchange, error);
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The client went away; there is nobody left to answer.
        }
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        if (failing) {
            throw KmsError.internal("KMS is unavailable in " + region + " (local failure switch)");
        }
        if (throttled) {
            throw KmsError.throttling("Rate exceeded in " + region + " (local throttling switch)");
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
            throw KmsError.unknownOperation("Expected a POST with X-Amz-Target: " + TARGET_PREFIX + "<Operation>");
        }
        byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (raw.length > MAX_BODY_BYTES) {
            throw KmsError.validation("Request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode request;
        try {
            request = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (JacksonException e) {
            throw KmsError.validation("Request body is not valid JSON: " + e.getOriginalMessage());
        }
        return operations.invoke(target.substring(TARGET_PREFIX.length()), request);
    }

    private static ObjectNode errorBody(HttpExchange exchange, KmsError error) {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", error.type());
        return JSON.createObjectNode().put("__type", error.type()).put("message", error.getMessage());
    }
}
