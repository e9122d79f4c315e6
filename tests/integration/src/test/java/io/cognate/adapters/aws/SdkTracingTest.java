package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import io.cognate.local.LocalCredentials;
import io.cognate.local.dynamo.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The SDK calls' X-Ray subsegments: the real SDK client with the interceptor AwsClients adds on
 * Lambda, against DynamoDB Local, inside a segment like the one Lambda opens per invocation.
 */
class SdkTracingTest {
    @Test
    void eachSdkCallIsASubsegmentNamedAfterItsServiceWithItsOperation() {
        List<Segment> sent = new CopyOnWriteArrayList<>();
        AWSXRayRecorder recorder = AWSXRayRecorderBuilder.standard()
                .withEmitter(new Emitter() {
                    @Override
                    public boolean sendSegment(Segment segment) {
                        sent.add(segment);
                        return true;
                    }

                    @Override
                    public boolean sendSubsegment(Subsegment subsegment) {
                        return true;
                    }
                })
                .withSamplingStrategy(new AllSamplingStrategy())
                .build();
        try (LocalDynamoDb db = LocalDynamoDb.start("us-east-1");
             DynamoDbClient dynamo = DynamoDbClient.builder()
                     .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                     .endpointOverride(db.endpoint())
                     .credentialsProvider(LocalCredentials.PROVIDER)
                     .overrideConfiguration(ClientOverrideConfiguration.builder()
                             .addExecutionInterceptor(SdkTracing.interceptor(recorder)).build())
                     .build()) {
            recorder.beginSegment("identity-api");
            dynamo.listTables();
            recorder.endSegment();
        }

        assertThat(sent).hasSize(1);
        Subsegment call = sent.get(0).getSubsegments().get(0);
        assertThat(call.getName()).isEqualTo("DynamoDb");
        assertThat(call.getNamespace()).isEqualTo("aws");
        assertThat(call.getAws()).containsEntry("operation", "ListTables");
    }

    private static AWSXRayRecorder recorderSendingTo(List<Segment> sent) {
        return AWSXRayRecorderBuilder.standard()
                .withEmitter(new Emitter() {
                    @Override
                    public boolean sendSegment(Segment segment) {
                        sent.add(segment);
                        return true;
                    }

                    @Override
                    public boolean sendSubsegment(Subsegment subsegment) {
                        return true;
                    }
                })
                .withSamplingStrategy(new AllSamplingStrategy())
                .build();
    }

    /**
     * The recorder is built at the first call of a sampled invocation, not before: calls of
     * unsampled invocations (or outside any) neither build it nor record anything; the sampled
     * invocation's call is a subsegment as before.
     */
    @Test
    void theRecorderIsBuiltAtTheFirstCallOfASampledInvocationOnly() {
        List<Segment> sent = new CopyOnWriteArrayList<>();
        AWSXRayRecorder recorder = recorderSendingTo(sent);
        AtomicInteger built = new AtomicInteger();
        AtomicReference<String> traceHeader = new AtomicReference<>();
        var tracing = new SdkTracing.SampledCallTracing(() -> {
            built.incrementAndGet();
            return SdkTracing.interceptor(recorder);
        }, traceHeader::get);
        try (LocalDynamoDb db = LocalDynamoDb.start("us-east-1");
             DynamoDbClient dynamo = DynamoDbClient.builder()
                     .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                     .endpointOverride(db.endpoint())
                     .credentialsProvider(LocalCredentials.PROVIDER)
                     .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(tracing).build())
                     .build()) {
            recorder.beginSegment("identity-api");
            dynamo.listTables();
            traceHeader.set("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
            dynamo.listTables();
            recorder.endSegment();
            assertThat(built).hasValue(0);
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).getSubsegments()).isEmpty();

            traceHeader.set("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
            recorder.beginSegment("identity-api");
            dynamo.listTables();
            dynamo.listTables();
            recorder.endSegment();
        }
        assertThat(built).hasValue(1);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getSubsegments()).hasSize(2)
                .allSatisfy(call -> assertThat(call.getAws()).containsEntry("operation", "ListTables"));
    }

    @Test
    void aTraceHeaderIsSampledOnlyWithSampledOne() {
        assertThat(SdkTracing.sampled("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
                .isTrue();
        assertThat(SdkTracing.sampled("Root=1-5759e988-bd862e3fe1be46a994272793; Sampled=1; Lineage=a87bd80c:0"))
                .isTrue();
        assertThat(SdkTracing.sampled("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"))
                .isFalse();
        assertThat(SdkTracing.sampled("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?")).isFalse();
        assertThat(SdkTracing.sampled("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=10")).isFalse();
        assertThat(SdkTracing.sampled("")).isFalse();
        assertThat(SdkTracing.sampled(null)).isFalse();
    }

    @Test
    void onlyWhereLambdaTracesAreCallsIntercepted() {
        assertThat(SdkTracing.interceptors(Map.of())).isEmpty();
        assertThat(SdkTracing.interceptors(Map.of(SdkTracing.DAEMON_ADDRESS, "127.0.0.1:2000"))).hasSize(1);
    }
}
