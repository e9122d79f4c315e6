package io.cognate.adapters.aws;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * X-Ray subsegments for the SDK calls (DynamoDB, KMS, EventBridge...), under the segment Lambda
 * opens for each traced invocation ({@code Tracing: Active}). Only where Lambda traces: it sets
 * {@code AWS_XRAY_DAEMON_ADDRESS} then, and nowhere else is there a daemon to send to. A call
 * outside any invocation (SnapStart priming) is simply not traced rather than logged as an error.
 */
public final class SdkTracing {
    /** Set by Lambda when active tracing is on. */
    static final String DAEMON_ADDRESS = "AWS_XRAY_DAEMON_ADDRESS";

    private SdkTracing() {
    }

    public static List<ExecutionInterceptor> interceptors(Map<String, String> env) {
        if (!env.containsKey(DAEMON_ADDRESS)) {
            return List.of();
        }
        return List.of(interceptor(AWSXRayRecorderBuilder.standard()
                .withContextMissingStrategy(new IgnoreErrorContextMissingStrategy())
                .build()));
    }

    /** The SDK interceptor that records each call as a subsegment with {@code recorder}. */
    static ExecutionInterceptor interceptor(AWSXRayRecorder recorder) {
        return new TracingInterceptor(recorder, null, null);
    }
}
