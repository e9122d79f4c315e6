package io.cognate.adapters.aws;

/**
 * Is told of each AWS call an adapter makes without the SDK's client (so no
 * {@code ExecutionInterceptor} sees it): KMS {@code Sign} through {@link KmsSignRequests}. An
 * observer passed to {@code AwsClients.create(config, observers)} that also implements this sees
 * those calls under the SDK's own names ({@code "Kms"}, {@code "Sign"}), once per call however
 * often it is tried, as an interceptor's {@code beforeExecution} would.
 */
public interface DirectCallObserver {
    void directCall(String serviceName, String operationName);
}
