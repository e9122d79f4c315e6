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

    /** An asynchronous invoke only queues the event; it answers at once. */
    private static final java.time.Duration LAUNCH_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final LambdaClient lambda;
    private final String functionName;

    /** {@code version}: the published version to run (the one running now, SnapStart's), absent for $LATEST. */
    public LambdaImportJobLauncher(AwsClients clients, String region, String functionName,
                                   java.util.Optional<String> version) {
        this.lambda = clients.lambda(software.amazon.awssdk.regions.Region.of(region), LAUNCH_TIMEOUT);
        this.functionName = version.filter(v -> !"$LATEST".equals(v)).map(v -> functionName + ":" + v).orElse(functionName);
    }

    @Override
    public void launch(String jobId) {
        lambda.invoke(b -> b.functionName(functionName).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromString(event(jobId), StandardCharsets.UTF_8)));
    }

    /** The event that runs {@code jobId} (a job id is {@code import-} and letters, digits and dashes). */
    static String event(String jobId) {
        if (!jobId.matches("import-[0-9a-zA-Z-]+")) {
            throw new IllegalArgumentException("not an import job id");
        }
        String body = "{\\\"JobId\\\":\\\"" + jobId + "\\\"}";
        return "{\"version\":\"2.0\",\"routeKey\":\"" + RUN_ROUTE_KEY + "\",\"rawPath\":\"/\",\"body\":\"" + body + "\"}";
    }
}
