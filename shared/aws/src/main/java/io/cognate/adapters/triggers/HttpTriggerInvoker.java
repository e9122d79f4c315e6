package io.cognate.adapters.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.config.Lazy;
import io.cognate.http.JsonTreeCodec;
import io.cognate.ports.TriggerInvoker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A trigger served over HTTP, for the local stack: the event is POSTed as JSON and a 2xx answer's
 * body is the response JSON. A trigger refuses the way a Lambda function does, by failing: any
 * other status, with Lambda's error payload {@code {"errorMessage": "..."}} as its body (the body
 * itself when it is not that shape). No answer within {@link #TIMEOUT} is Cognito's timeout.
 */
public final class HttpTriggerInvoker implements TriggerInvoker {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpTriggerInvoker.class);
    /** Cognito waits 5 seconds for a trigger. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ERROR_MESSAGE = 1_000;

    /** Lambda retries a failing asynchronous invocation twice; so does this, sooner than Lambda's minutes. */
    static final int ASYNC_RETRIES = 2;
    public static final Duration ASYNC_RETRY_DELAY = Duration.ofMillis(500);

    /** Built at the first http:// trigger (the local stack's only): java.net.http's start costs some 100 ms. */
    private final Lazy<HttpClient> http;
    private final Duration timeout;
    private final Duration asyncRetryDelay;

    public HttpTriggerInvoker() {
        this(TIMEOUT);
    }

    public HttpTriggerInvoker(Duration timeout) {
        this(timeout, ASYNC_RETRY_DELAY);
    }

    public HttpTriggerInvoker(Duration timeout, Duration asyncRetryDelay) {
        this.timeout = timeout;
        this.asyncRetryDelay = asyncRetryDelay;
        this.http = Lazy.of(() -> HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    @Override
    public String invoke(String target, String eventJson) throws TriggerFailed {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(eventJson, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException timedOut) {
            throw new TriggerFailed(TriggerFailed.Kind.UNAVAILABLE, "Socket timeout while invoking Lambda function");
        } catch (IOException unreachable) {
            throw new TriggerFailed(TriggerFailed.Kind.UNAVAILABLE, "the trigger could not be reached");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TriggerFailed(TriggerFailed.Kind.UNAVAILABLE, "the invocation was interrupted");
        }
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        throw new TriggerFailed(TriggerFailed.Kind.FUNCTION_ERROR, errorMessage(response.body()));
    }

    /**
     * Lambda's {@code Event} invocation, locally: the POST runs on its own thread and the caller
     * returns at once; a failing trigger is tried twice more, {@code asyncRetryDelay} apart (Lambda
     * waits minutes), and then dropped, as Lambda drops an event with no failure destination.
     */
    @Override
    public void invokeAsync(String target, String eventJson) {
        Thread.ofVirtual().name("trigger-event").start(() -> {
            for (int attempt = 0; attempt <= ASYNC_RETRIES; attempt++) {
                try {
                    invoke(target, eventJson);
                    return;
                } catch (TriggerFailed failed) {
                    if (attempt == ASYNC_RETRIES) {
                        LOG.warn("asynchronous trigger dropped after {} attempts kind={}", attempt + 1, failed.kind());
                        return;
                    }
                }
                try {
                    Thread.sleep(asyncRetryDelay.multipliedBy(attempt + 1L));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        });
    }

    /** The {@code errorMessage} of Lambda's error payload, or the body as it is, shortened. */
    static String errorMessage(String body) {
        String message = body == null ? "" : body;
        try {
            JsonNode node = JsonTreeCodec.LENIENT.read(message);
            if (node != null && node.path("errorMessage").isTextual()) {
                message = node.get("errorMessage").asText();
            }
        } catch (IOException notJson) {
            // Not Lambda's error payload: the body is the message.
        }
        return message.length() > MAX_ERROR_MESSAGE ? message.substring(0, MAX_ERROR_MESSAGE) : message;
    }
}
