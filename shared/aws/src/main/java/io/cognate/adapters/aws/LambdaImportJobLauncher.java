package io.cognate.adapters.aws;

import io.cognate.ports.ImportJobLauncher;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Runs a started import job in a new invocation of this same function, asynchronously (Lambda
 * queues the event and retries it), so StartUserImportJob answers at once and the run has a whole
 * invocation's time; a run that needs longer launches itself again and goes on from where it
 * stopped. The event is the one {@link #RUN_ROUTE_KEY} names, with no request context: API
 * Gateway never sends one like it, so only a caller allowed to invoke the function can.
 */
public final class LambdaImportJobLauncher implements ImportJobLauncher {
    /** The route key of the event that runs an import job; the body holds {@code {"JobId": ...}}. */
    public static final String RUN_ROUTE_KEY = "cognate:RunUserImportJob";

    private final LambdaClient lambda;
    private final String functionName;

    public LambdaImportJobLauncher(LambdaClient lambda, String functionName) {
        this.lambda = lambda;
        this.functionName = functionName;
    }

    @Override
    public void launch(String jobId) {
        String body = "{\\\"JobId\\\":\\\"" + jobId + "\\\"}";
        String event = "{\"version\":\"2.0\",\"routeKey\":\"" + RUN_ROUTE_KEY + "\",\"rawPath\":\"/\",\"body\":\"" + body + "\"}";
        lambda.invoke(b -> b.functionName(functionName).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromString(event, StandardCharsets.UTF_8)));
    }
}
