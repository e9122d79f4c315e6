package io.cognate.adapters.aws;

import io.cognate.domain.failover.ThrottlingErrors;
import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The retry strategy of calls whose answer must come within a probe's timeout, the deep health
 * check's: a throttled call fails at once with the service's throttling error, so the check can
 * report "throttled" while the prober still waits. The SDK's default retries it with its
 * throttling back-off instead (DynamoDB's legacy mode: up to 8 retries from a 500 ms base, tens of
 * seconds at a high throttled share), and the prober's 3 s timeout (1 s in the local timing) turns
 * the throttling into "no answer", a failure that counts towards a takeover.
 *
 * <p>A transient fault (a 5xx that is not throttling, a dropped connection) is retried once: one
 * retry keeps a single lost packet from failing a probe and adds at most one short back-off.
 */
public final class ThrottlingFailsFast {
    /** The first attempt and one retry of a transient fault. */
    static final int MAX_ATTEMPTS = 2;

    private ThrottlingFailsFast() {
    }

    public static RetryStrategy retryStrategy() {
        return DefaultRetryStrategy.standardStrategyBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                // Without this the client adds its own conditions back, throttling among them.
                .useClientDefaults(false)
                .circuitBreakerEnabled(false)
                .retryOnException(ThrottlingFailsFast::transientFault)
                .build();
    }

    /** Whether {@code error} is a fault worth one retry: never throttling, which is an answer in itself. */
    static boolean transientFault(Throwable error) {
        if (isThrottling(error)) {
            return false;
        }
        if (error instanceof SdkServiceException service) {
            return service.statusCode() >= 500;
        }
        return error instanceof SdkClientException && error.getCause() instanceof IOException;
    }

    /** Throttling by the SDK's reckoning or by its error code (KMS's ThrottlingException comes as a KmsException). */
    public static boolean isThrottling(Throwable error) {
        if (error instanceof SdkServiceException service && service.isThrottlingException()) {
            return true;
        }
        return error instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && ThrottlingErrors.isThrottling(aws.awsErrorDetails().errorCode());
    }
}
