package io.cognate.adapters.powertools;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The keys every log line of one invocation carries, set with Powertools' functional logging
 * API ({@link PowertoolsLogging#withLogging}): Powertools adds the Lambda request id, cold
 * start, service and X-Ray trace id; Cognate adds {@code correlation_id} (the API Gateway
 * request id, else the Lambda request id), {@code region} and, once the leader record has been
 * read, {@code epoch}. The keys live in the SLF4J MDC of the invoking thread and are cleared
 * when the invocation ends, so requests served side by side (the local runtime runs two regions
 * in one JVM) never see each other's keys.
 *
 * <p>The functional API rather than Powertools' {@code @Logging} annotation: the annotation
 * needs AspectJ compile-time weaving of the handlers (aspectj-maven-plugin, which lags behind
 * new JDKs), and the shaded jars would have to carry the AspectJ runtime. A call needs none.
 */
public final class RequestLogging {
    public static final String CORRELATION_ID = "correlation_id";
    public static final String REGION = "region";
    public static final String EPOCH = "epoch";

    private RequestLogging() {
    }

    /**
     * Runs one invocation with its log keys. {@code correlationId} may be null or blank (no
     * API Gateway request id): the Lambda request id is used instead.
     */
    public static <T> T around(Context context, String correlationId, String region, Supplier<T> invocation) {
        return PowertoolsLogging.withLogging(context, () -> {
            String id = correlationId == null || correlationId.isBlank()
                    ? context == null ? null : context.getAwsRequestId()
                    : correlationId;
            if (id != null) {
                MDC.put(CORRELATION_ID, id);
            }
            if (region != null) {
                MDC.put(REGION, region);
            }
            return invocation.get();
        });
    }

    /**
     * Writes log lines with the invocation's keys, for handlers whose usual path writes none
     * (the authorizers): the keys cost more than a cached verification, so they are set only
     * when a line is written.
     */
    public static void writeWith(Context context, String correlationId, String region, Runnable lines) {
        around(context, correlationId, region, () -> {
            lines.run();
            return null;
        });
    }

    /**
     * Writes one line through the logging backend with the request keys set, so a SnapStart
     * snapshot holds the loaded layout. Not through {@link PowertoolsLogging#withLogging}: that
     * would mark the cold start as done before the first real invocation.
     */
    public static void prime(String region) {
        try {
            MDC.put(REGION, region);
            LoggerFactory.getLogger(RequestLogging.class).info("logging primed before the snapshot");
        } finally {
            MDC.remove(REGION);
        }
    }

    /** The leader epoch this invocation works under, from the moment it has read the leader record. */
    public static void epoch(long epoch) {
        MDC.put(EPOCH, Long.toString(epoch));
    }
}
