package io.cognate.adapters.aws;

import io.cognate.config.CognateConfig;
import io.cognate.config.Lazy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The SDK clients one function uses, built once per execution environment over one
 * URL-connection HTTP client. Endpoint overrides come from the configuration and are set only
 * locally. On Lambda with active tracing each call is an X-Ray subsegment ({@link SdkTracing}).
 *
 * <p>Not the CRT client: on a cold start without SnapStart it extracted and loaded its native
 * library, started a process to tell glibc from musl and loaded some 150 classes of its own (MQTT
 * included) before the first call; the URL-connection client starts in the JDK's own HTTP stack
 * (docs/performance.md, "Cold starts of the three functions"). The EventBridge client is built at
 * the first event: a successful sign-in sends none. The SDK's DynamoDB and KMS clients are built at
 * their first use as well: DynamoDB's item calls go out through {@link DynamoDbJsonClient}, KMS
 * {@code Sign} and {@code GetPublicKey} through {@link KmsSignRequests}, so a password sign-in
 * builds neither (docs/performance.md, "Cold starts: DynamoDB, KMS and metrics without the SDK's
 * pipeline").
 */
public final class AwsClients implements AutoCloseable {
    private final SdkHttpClient http;
    private final DynamoDbClient dynamoDb;
    /** Built at its first use: identity-api's sign-in signs and reads its key without it ({@link KmsSignRequests}). */
    private final Lazy<KmsClient> kms;
    private final Lazy<EventBridgeClient> eventBridge;
    /** Strong mode run locally: the client of the one shared Claims table's server; else {@link #dynamoDb}. */
    private final DynamoDbClient claimsDynamoDb;
    private final List<ExecutionInterceptor> interceptors;
    /** One Lambda client per region a trigger's ARN names, built on first use. */
    private final ConcurrentHashMap<Region, LambdaClient> lambdas = new ConcurrentHashMap<>();
    /** The deep health check's clients, on which throttling fails fast (see {@link ThrottlingFailsFast}). */
    private final Lazy<DynamoDbClient> failFastDynamoDb;
    private final Lazy<KmsClient> failFastKms;
    /** KMS {@code Sign} and {@code GetPublicKey} without the SDK's pipeline; the observers that see them. */
    private final Lazy<Optional<KmsSignRequests>> kmsSignRequests;
    private final AwsCredentialsProvider credentials;

    private AwsClients(CognateConfig config, List<ExecutionInterceptor> observers) {
        Region region = Region.of(config.region());
        this.http = UrlConnectionHttpClient.create();
        List<ExecutionInterceptor> all = new ArrayList<>(SdkTracing.interceptors(System.getenv()));
        all.addAll(observers);
        this.interceptors = List.copyOf(all);
        // One credentials provider for every client.
        var credentials = credentialsFrom(System.getenv());
        this.credentials = credentials;
        this.kms = Lazy.of(() -> {
            var kmsBuilder = KmsClient.builder().region(region).httpClient(http).credentialsProvider(credentials)
                    .overrideConfiguration(c -> c.executionInterceptors(interceptors));
            config.kmsEndpoint().ifPresent(kmsBuilder::endpointOverride);
            return kmsBuilder.build();
        });
        this.dynamoDb = itemClient(region, config.dynamoDbEndpoint());
        this.claimsDynamoDb = config.claims().endpoint().map(endpoint -> itemClient(region, Optional.of(endpoint)))
                .orElse(dynamoDb);
        this.eventBridge = Lazy.of(() -> {
            var events = EventBridgeClient.builder().region(region).httpClient(http).credentialsProvider(credentials)
                    .overrideConfiguration(c -> c.executionInterceptors(interceptors));
            config.eventBridgeEndpoint().ifPresent(events::endpointOverride);
            return events.build();
        });
        this.failFastDynamoDb = Lazy.of(() -> {
            var builder = DynamoDbClient.builder().region(region).httpClient(http).credentialsProvider(credentials)
                    .overrideConfiguration(c -> c
                    .executionInterceptors(interceptors).retryStrategy(ThrottlingFailsFast.retryStrategy()));
            config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
            return builder.build();
        });
        this.failFastKms = Lazy.of(() -> {
            var builder = KmsClient.builder().region(region).httpClient(http).credentialsProvider(credentials)
                    .overrideConfiguration(c -> c
                    .executionInterceptors(interceptors).retryStrategy(ThrottlingFailsFast.retryStrategy()));
            config.kmsEndpoint().ifPresent(builder::endpointOverride);
            return builder.build();
        });
        List<DirectCallObserver> direct = observers.stream().filter(DirectCallObserver.class::isInstance)
                .map(DirectCallObserver.class::cast).toList();
        this.kmsSignRequests = Lazy.of(() -> KmsSignRequests.of(region.id(), config.kmsEndpoint(), credentials, direct,
                Clock.systemUTC()));
    }

    /**
     * The function's role credentials where Lambda puts them, in the environment; else the chain an
     * SDK client builds by default: SnapStart functions, to which Lambda gives a container
     * credentials endpoint instead (keys read before a snapshot would expire in it), and
     * everything that is not Lambda. The default chain builds its providers and their JSON parser
     * first, about 60 ms and 150 classes of a cold start (docs/performance.md, "Cold starts: JSON
     * trees without the ObjectMapper, tokens without Gson").
     */
    static AwsCredentialsProvider credentialsFrom(Map<String, String> environment) {
        if (environment.getOrDefault("AWS_CONTAINER_CREDENTIALS_FULL_URI", "").isEmpty()
                && !environment.getOrDefault("AWS_ACCESS_KEY_ID", "").isEmpty()
                && !environment.getOrDefault("AWS_SECRET_ACCESS_KEY", "").isEmpty()) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * The stores' DynamoDB client for {@code endpoint} (the override, or the region's own when
     * empty): {@link DynamoDbJsonClient}, with an SDK client built at its first use behind it; the
     * SDK client alone where the endpoint is not known here.
     */
    private DynamoDbClient itemClient(Region region, Optional<URI> endpoint) {
        Lazy<DynamoDbClient> sdk = Lazy.of(() -> {
            var builder = DynamoDbClient.builder().region(region).httpClient(http).credentialsProvider(credentials)
                    .overrideConfiguration(c -> c.executionInterceptors(interceptors));
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
        return DynamoDbJsonClient.of(region.id(), endpoint, credentials, sdk, interceptors, Clock.systemUTC())
                .<DynamoDbClient>map(client -> client).orElseGet(sdk::get);
    }

    /**
     * Closes the idle kept-alive connections of the calls made without the SDK's pipeline
     * (DynamoDB's item calls, KMS Sign): a SnapStart snapshot then holds no socket, which would be
     * dead in every restored environment.
     */
    public static void closeIdleConnections() {
        HttpPostClient.SHARED.closeIdle();
    }

    public static AwsClients create(CognateConfig config) {
        return new AwsClients(config, List.of());
    }

    /**
     * The same clients, every call also shown to {@code observers}: a test counting the calls an
     * operation makes, or the local runtime counting calls and capacity units for
     * {@code ./cognate load}; Lambda's wiring passes none.
     */
    public static AwsClients create(CognateConfig config, List<ExecutionInterceptor> observers) {
        return new AwsClients(config, observers);
    }

    /**
     * The function's DynamoDB client: its item operations sent without the SDK's pipeline
     * ({@link DynamoDbJsonClient}); table operations are refused on it.
     */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /**
     * The client for the Claims table of strong mode: the same as {@link #dynamoDb()} on AWS (each
     * region reaches its own replica); locally, the server holding the one shared copy.
     */
    public DynamoDbClient claimsDynamoDb() {
        return claimsDynamoDb;
    }

    /** The SDK's KMS client, built at the first call of this method. */
    public KmsClient kms() {
        return kms.get();
    }

    /**
     * KMS {@code Sign} and {@code GetPublicKey} as hand-signed requests, through the region, KMS
     * endpoint and credentials {@link #kms()} would use, or empty where the endpoint is not known
     * here ({@link KmsSignRequests}).
     */
    public Optional<KmsSignRequests> kmsSignRequests() {
        return kmsSignRequests.get();
    }

    /** Built at the first call (SnapStart priming makes that call before the snapshot). */
    public EventBridgeClient eventBridge() {
        return eventBridge.get();
    }

    /**
     * The Lambda client of {@code region}, for triggers: a call is given {@code timeout} in all
     * (Cognito's 5 seconds) and the SDK retries nothing, so a slow function is never run twice;
     * the trigger invoker retries a throttled call itself.
     */
    public LambdaClient lambda(Region region, Duration timeout) {
        return lambdas.computeIfAbsent(region, r -> LambdaClient.builder().region(r).httpClient(http)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.executionInterceptors(interceptors).apiCallTimeout(timeout)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
    }

    /**
     * A DynamoDB client like {@link #dynamoDb()} on which a throttled call fails at once instead of
     * being retried with back-off: for {@code /health}, which must say "throttled" within the
     * prober's timeout. Built at the first call.
     */
    public DynamoDbClient failFastDynamoDb() {
        return failFastDynamoDb.get();
    }

    /** A KMS client like {@link #kms()} on which a throttled call fails at once: for {@code /health}. */
    public KmsClient failFastKms() {
        return failFastKms.get();
    }

    /**
     * Builds the SDK DynamoDB clients that {@link DynamoDbJsonClient} hands retried calls to, which
     * are otherwise built at the first such call: for {@code beforeCheckpoint}.
     */
    public void primeSdkDynamoDb() {
        for (DynamoDbClient client : List.of(dynamoDb, claimsDynamoDb)) {
            if (client instanceof DynamoDbJsonClient json) {
                json.buildSdkClient();
            }
        }
    }

    /**
     * Builds the X-Ray recorder where Lambda traces ({@link SdkTracing}: otherwise built at the
     * first call of a sampled invocation), for {@code beforeCheckpoint}.
     */
    public void primeTracing() {
        for (ExecutionInterceptor interceptor : interceptors) {
            if (interceptor instanceof SdkTracing.SampledCallTracing tracing) {
                tracing.prime();
            }
        }
    }

    @Override
    public void close() {
        // Closed as SDK clients, so a function built without the Lambda module never loads its class.
        lambdas.values().forEach(SdkAutoCloseable::close);
        if (claimsDynamoDb != dynamoDb) {
            claimsDynamoDb.close();
        }
        dynamoDb.close();
        if (kms.isBuilt()) {
            kms.get().close();
        }
        if (eventBridge.isBuilt()) {
            eventBridge.get().close();
        }
        if (failFastDynamoDb.isBuilt()) {
            failFastDynamoDb.get().close();
        }
        if (failFastKms.isBuilt()) {
            failFastKms.get().close();
        }
        http.close();
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
