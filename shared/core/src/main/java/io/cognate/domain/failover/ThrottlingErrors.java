package io.cognate.domain.failover;

import java.util.Locale;
import java.util.Set;

/**
 * The error types AWS services give a request refused for its rate rather than for a fault:
 * API Gateway's and Lambda's {@code TooManyRequestsException}, KMS's {@code ThrottlingException},
 * DynamoDB's {@code ProvisionedThroughputExceededException} and {@code RequestLimitExceeded}, and
 * their relatives. A throttled answer says nothing about whether the service works, and anyone
 * who can send requests can cause one.
 */
public final class ThrottlingErrors {
    private static final Set<String> TYPES = Set.of(
            "toomanyrequestsexception", "throttlingexception", "throttling", "throttledexception",
            "requestlimitexceeded", "requestlimitexceededexception", "provisionedthroughputexceededexception",
            "requestthrottled", "requestthrottledexception", "slowdown", "throttlingerror");

    private ThrottlingErrors() {
    }

    /**
     * Whether {@code errorType} names a throttling error. Accepts the bare name, a fully qualified
     * one ({@code com.amazonaws.kms#ThrottlingException}) and the {@code x-amzn-ErrorType} header's
     * form ({@code TooManyRequestsException:http://internal.amazon.com/...}).
     */
    public static boolean isThrottling(String errorType) {
        if (errorType == null || errorType.isBlank()) {
            return false;
        }
        String type = errorType.strip();
        int colon = type.indexOf(':');
        if (colon >= 0) {
            type = type.substring(0, colon);
        }
        int hash = type.lastIndexOf('#');
        if (hash >= 0) {
            type = type.substring(hash + 1);
        }
        return TYPES.contains(type.strip().toLowerCase(Locale.ROOT));
    }
}
