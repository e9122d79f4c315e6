package io.cognate.local;

import io.cognate.adapters.aws.DirectCallObserver;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records each AWS SDK call a client makes, as {@code Service.Operation} followed by the table it
 * names where it names one ({@code "DynamoDB.GetItem cognate-lockout"}): what a test counts when
 * it asserts the calls one operation costs. Installed through {@code AwsClients.create(config,
 * observers)}; a call is recorded once however often the SDK retries it. Calls made without the
 * SDK's client (KMS {@code Sign}, {@link DirectCallObserver}) are recorded under the same names.
 */
public final class SdkCallRecorder implements ExecutionInterceptor, DirectCallObserver {
    private final List<String> calls = new ArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkRequest request = context.request();
        String table = request.getValueForField("TableName", String.class).orElse(null);
        synchronized (calls) {
            calls.add(table == null ? call : call + " " + table);
        }
    }

    @Override
    public void directCall(String serviceName, String operationName) {
        synchronized (calls) {
            calls.add(serviceName + "." + operationName);
        }
    }

    /** The calls recorded so far, in the order they started. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls recorded so far, and a fresh start. */
    public List<String> drain() {
        synchronized (calls) {
            List<String> drained = List.copyOf(calls);
            calls.clear();
            return drained;
        }
    }
}
