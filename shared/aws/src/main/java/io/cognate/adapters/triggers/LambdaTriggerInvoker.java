package io.cognate.adapters.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognate.http.JsonTreeCodec;
import io.cognate.ports.TriggerInvoker;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * A trigger that is a Lambda function, invoked synchronously in this region. The pool's settings
 * replicate, so every region reads the same ARN; each invokes the function of that name and
 * account deployed beside it (the ARN with this region in it), so a region keeps its triggers
 * while another is down, and every region must have them deployed. As Cognito does, it waits
 * 5 seconds and retries only a throttled call, once; the SDK's own retries are off, so a slow
 * function is not run twice.
 */
public final class LambdaTriggerInvoker implements TriggerInvoker {
    /** Cognito waits 5 seconds for a trigger. */
    public static final Duration TIMEOUT = HttpTriggerInvoker.TIMEOUT;

    private final Region region;
    private final Function<Region, LambdaClient> clientFor;

    /**
     * {@code clientFor} gives the client of one region, with a total call timeout of
     * {@link #TIMEOUT} and no SDK retries ({@code AwsClients.lambda}).
     */
    public LambdaTriggerInvoker(String region, Function<Region, LambdaClient> clientFor) {
        this.region = Region.of(region);
        this.clientFor = clientFor;
    }

    @Override
    public String invoke(String configuredArn, String eventJson) throws TriggerFailed {
        String functionArn = inRegion(configuredArn, region);
        LambdaClient lambda = clientFor.apply(region);
        InvokeResponse response;
        try {
            response = invokeOnce(lambda, functionArn, eventJson);
        } catch (TooManyRequestsException throttled) {
            try {
                response = invokeOnce(lambda, functionArn, eventJson);
            } catch (TooManyRequestsException stillThrottled) {
                throw new TriggerFailed(TriggerFailed.Kind.UNAVAILABLE, "TooManyRequestsException");
            } catch (SdkException failed) {
                throw unavailable(failed);
            }
        } catch (SdkException failed) {
            throw unavailable(failed);
        }
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new TriggerFailed(TriggerFailed.Kind.FUNCTION_ERROR, errorMessage(payload));
        }
        return payload;
    }

    /**
     * An {@code Event} invocation: Lambda queues the event, answers 202 at once and retries a
     * failing function twice itself, as for Cognito's custom sender triggers. Only a refusal to
     * queue (no such function, access denied, throttled twice) throws.
     */
    @Override
    public void invokeAsync(String configuredArn, String eventJson) throws TriggerFailed {
        String functionArn = inRegion(configuredArn, region);
        LambdaClient lambda = clientFor.apply(region);
        try {
            queue(lambda, functionArn, eventJson);
        } catch (TooManyRequestsException throttled) {
            try {
                queue(lambda, functionArn, eventJson);
            } catch (TooManyRequestsException stillThrottled) {
                throw new TriggerFailed(TriggerFailed.Kind.UNAVAILABLE, "TooManyRequestsException");
            } catch (SdkException failed) {
                throw unavailable(failed);
            }
        } catch (SdkException failed) {
            throw unavailable(failed);
        }
    }

    private static void queue(LambdaClient lambda, String functionArn, String eventJson) {
        lambda.invoke(b -> b.functionName(functionArn).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(eventJson)));
    }

    private static InvokeResponse invokeOnce(LambdaClient lambda, String functionArn, String eventJson) {
        return lambda.invoke(b -> b.functionName(functionArn).invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromUtf8String(eventJson)));
    }

    /** Cognito names the service's error (AccessDeniedException, ResourceNotFoundException...) or the timeout. */
    private static TriggerFailed unavailable(SdkException failed) {
        String reason = failed instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null
                ? service.awsErrorDetails().errorCode()
                : failed instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
                        ? "Socket timeout while invoking Lambda function" : failed.getClass().getSimpleName();
        return new TriggerFailed(TriggerFailed.Kind.UNAVAILABLE, reason);
    }

    /** Lambda's error payload is {@code {"errorMessage": ..., "errorType": ...}}. */
    private static String errorMessage(String payload) {
        try {
            JsonNode node = JsonTreeCodec.LENIENT.read(payload);
            if (node != null && node.path("errorMessage").isTextual()) {
                return node.get("errorMessage").asText();
            }
        } catch (IOException notJson) {
            // Fall through: the payload is the message.
        }
        return HttpTriggerInvoker.errorMessage(payload);
    }

    /** {@code arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]} with {@code region} in it. */
    static String inRegion(String functionArn, Region region) {
        String[] parts = functionArn.split(":", -1);
        if (parts.length < 7 || !parts[2].equals("lambda")) {
            throw new IllegalArgumentException("not a Lambda function ARN");
        }
        parts[3] = region.id();
        return String.join(":", parts);
    }

}
