package io.cognate.adapters.aws;

import io.cognate.config.CognateConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The SDK clients one function uses, built once per execution environment over one CRT HTTP
 * client. Endpoint overrides come from the configuration and are set only locally. On Lambda
 * with active tracing each call is an X-Ray subsegment ({@link SdkTracing}).
 */
public final class AwsClients implements AutoCloseable {
    private final SdkHttpClient http;
    private final DynamoDbClient dynamoDb;
    private final KmsClient kms;
    private final EventBridgeClient eventBridge;
    private final List<ExecutionInterceptor> interceptors;
    /** One Lambda client per region a trigger's ARN names, built on first use. */
    private final ConcurrentHashMap<Region, LambdaClient> lambdas = new ConcurrentHashMap<>();

    private AwsClients(CognateConfig config, List<ExecutionInterceptor> extraInterceptors) {
        Region region = Region.of(config.region());
        this.http = AwsCrtHttpClient.builder().build();
        var chain = new ArrayList<ExecutionInterceptor>(SdkTracing.interceptors(System.getenv()));
        chain.addAll(extraInterceptors);
        this.interceptors = List.copyOf(chain);
        var dynamo = DynamoDbClient.builder().region(region).httpClient(http)
                .overrideConfiguration(c -> c.executionInterceptors(interceptors));
        config.dynamoDbEndpoint().ifPresent(dynamo::endpointOverride);
        var kmsBuilder = KmsClient.builder().region(region).httpClient(http)
                .overrideConfiguration(c -> c.executionInterceptors(interceptors));
        config.kmsEndpoint().ifPresent(kmsBuilder::endpointOverride);
        var events = EventBridgeClient.builder().region(region).httpClient(http)
                .overrideConfiguration(c -> c.executionInterceptors(interceptors));
        config.eventBridgeEndpoint().ifPresent(events::endpointOverride);
        this.dynamoDb = dynamo.build();
        this.kms = kmsBuilder.build();
        this.eventBridge = events.build();
    }

    public static AwsClients create(CognateConfig config) {
        return new AwsClients(config, List.of());
    }

    /**
     * The same clients with {@code interceptors} on every call besides tracing: the local runtime
     * counts calls and capacity units this way; Lambda's wiring passes none.
     */
    public static AwsClients create(CognateConfig config, List<ExecutionInterceptor> interceptors) {
        return new AwsClients(config, interceptors);
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public KmsClient kms() {
        return kms;
    }

    public EventBridgeClient eventBridge() {
        return eventBridge;
    }

    /**
     * The Lambda client of {@code region}, for triggers: a call is given {@code timeout} in all
     * (Cognito's 5 seconds) and the SDK retries nothing, so a slow function is never run twice;
     * the trigger invoker retries a throttled call itself.
     */
    public LambdaClient lambda(Region region, Duration timeout) {
        return lambdas.computeIfAbsent(region, r -> LambdaClient.builder().region(r).httpClient(http)
                .overrideConfiguration(c -> c.executionInterceptors(interceptors).apiCallTimeout(timeout)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
    }

    @Override
    public void close() {
        // Closed as SDK clients, so a function built without the Lambda module never loads its class.
        lambdas.values().forEach(SdkAutoCloseable::close);
        dynamoDb.close();
        kms.close();
        eventBridge.close();
        http.close();
    }
}
