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

    @Test
    void onlyWhereLambdaTracesAreCallsIntercepted() {
        assertThat(SdkTracing.interceptors(Map.of())).isEmpty();
        assertThat(SdkTracing.interceptors(Map.of(SdkTracing.DAEMON_ADDRESS, "127.0.0.1:2000"))).hasSize(1);
    }
}
