package io.cognate.adapters.aws;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import io.cognate.config.Lazy;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * X-Ray subsegments for the SDK calls (DynamoDB, KMS, EventBridge...), under the segment Lambda
 * opens for each traced invocation ({@code Tracing: Active}). Only where Lambda traces: it sets
 * {@code AWS_XRAY_DAEMON_ADDRESS} then, and nowhere else is there a daemon to send to. A call
 * outside any invocation (SnapStart priming) is simply not traced rather than logged as an error.
 *
 * <p>The recorder is built at the first call of a sampled invocation ({@link SampledCallTracing}),
 * or by {@code beforeCheckpoint}'s priming, not when the function starts: its constructor always
 * reads X-Ray's default sampling rules with Jackson's data binding (about 570 classes, a third of
 * a second of identity-api's cold start without a snapshot), although on Lambda the trace header,
 * not the recorder, decides what is sampled.
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
        return List.of(new SampledCallTracing(() -> interceptor(AWSXRayRecorderBuilder.standard()
                .withContextMissingStrategy(new IgnoreErrorContextMissingStrategy())
                .build()), SdkTracing::lambdaTraceHeader));
    }

    /** The SDK interceptor that records each call as a subsegment with {@code recorder}. */
    static ExecutionInterceptor interceptor(AWSXRayRecorder recorder) {
        return new TracingInterceptor(recorder, null, null);
    }

    /**
     * The invocation's trace header where the X-Ray SDK's Lambda context reads it, in its order
     * ({@code LambdaSegmentContext.getTraceHeaderFromEnvironment}, aws-xray-recorder-sdk-core
     * 2.20.0): the runtime's thread-local, the environment, the system property the Java runtime
     * sets per invocation.
     */
    static String lambdaTraceHeader() {
        String header = SdkInternalThreadLocal.get("AWS_LAMBDA_X_TRACE_ID");
        if (header == null) {
            header = System.getenv("_X_AMZN_TRACE_ID");
        }
        return header != null ? header : System.getProperty("com.amazonaws.xray.traceHeader");
    }

    /** Whether a trace header ({@code Root=...;Parent=...;Sampled=1}) says the invocation is sampled. */
    static boolean sampled(String header) {
        if (header == null) {
            return false;
        }
        for (String field : header.split(";")) {
            if (field.strip().equals("Sampled=1")) {
                return true;
            }
        }
        return false;
    }

    /**
     * X-Ray's interceptor for the calls of sampled invocations only, built at the first of them.
     * An unsampled invocation's subsegments would be dropped anyway; what it loses is the trace
     * header the recorder adds to each AWS request with {@code Sampled=0}.
     */
    public static final class SampledCallTracing implements ExecutionInterceptor {
        private static final ExecutionAttribute<Boolean> TRACED = new ExecutionAttribute<>("CognateSampledCall");

        private final Lazy<ExecutionInterceptor> tracing;
        private final Supplier<String> traceHeader;

        SampledCallTracing(Supplier<ExecutionInterceptor> tracing, Supplier<String> traceHeader) {
            this.tracing = Lazy.of(tracing);
            this.traceHeader = traceHeader;
        }

        /** Builds the recorder now: before a SnapStart snapshot, so a restored environment has it. */
        public void prime() {
            tracing.get();
        }

        private boolean traced(ExecutionAttributes attributes) {
            return Boolean.TRUE.equals(attributes.getAttribute(TRACED));
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            boolean traced = sampled(traceHeader.get());
            attributes.putAttribute(TRACED, traced);
            if (traced) {
                tracing.get().beforeExecution(context, attributes);
            }
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return traced(attributes) ? tracing.get().modifyHttpRequest(context, attributes) : context.httpRequest();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (traced(attributes)) {
                tracing.get().beforeTransmission(context, attributes);
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (traced(attributes)) {
                tracing.get().afterExecution(context, attributes);
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (traced(attributes)) {
                tracing.get().onExecutionFailure(context, attributes);
            }
        }
    }
}
