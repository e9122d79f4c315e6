package io.cognate.adapters.aws;

import io.cognate.config.Lazy;
import io.cognate.domain.failover.ThrottlingErrors;
import io.cognate.domain.json.StrictJson;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A {@link DynamoDbClient} whose item operations (GetItem, PutItem, UpdateItem, DeleteItem, Query,
 * Scan, the batch and transactional reads and writes, and their paginators) are each one POST
 * signed here, without the SDK client's request pipeline. They are the only operations Cognate's
 * stores call; any other is refused ({@link UnsupportedOperationException}, the interface's own
 * default): table administration goes through an SDK client.
 *
 * <p>Why: a password sign-in makes nine DynamoDB calls, and through the SDK each ran auth-scheme
 * and identity resolution, endpoint rules, its interceptor chain, user-agent and metric stages
 * and the JSON protocol marshaller on the function's thread: 1.44 ms of CPU a GetItem against 0.58
 * ms for the same call signed here ({@code SdkCallCpuMain}), and a sign-in's cost beyond its
 * password hash fell from 14.8 to 9.2 ms with it (docs/performance.md, "Cold starts: DynamoDB, KMS
 * and metrics without the SDK's pipeline").
 *
 * <p>What stays the SDK's:
 * <ul>
 *   <li>The bodies are the SDK's own model objects written and read by {@link DynamoDbJson};
 *       errors are thrown as the SDK throws them (the modelled exception for DynamoDB's code, with
 *       its item or cancellation reasons, {@link DynamoDbException} otherwise).</li>
 *   <li>The client's interceptors see each call at {@code beforeExecution}, {@code modifyRequest},
 *       {@code modifyHttpRequest}, {@code afterExecution} and {@code onExecutionFailure}: the local
 *       stack's call counters and its throttling switch work unchanged.</li>
 *   <li>Retries are the SDK client's: an answer it would retry (a throttle, a 5xx, a failed
 *       connection, a clock-skew refusal, a body whose CRC32 does not match) hands the call to the
 *       SDK client, which tries it again under its own retry strategy. So a retried call has one
 *       attempt more than through the SDK alone, the first of them without back-off, and its
 *       interceptors see it twice.</li>
 *   <li>A call in an invocation X-Ray samples goes through the SDK client, so it stays a
 *       subsegment of the trace ({@link SdkTracing}).</li>
 * </ul>
 * The SDK client is built at the first call that needs it, not before: building it and its first
 * call's pipeline were part of identity-api's cold start. The credentials come from a provider
 * asked at each call (it caches and refreshes them, SnapStart-safe); the endpoint is the override
 * or DynamoDB's regional endpoint in the partitions {@link SigV4JsonRequests#regionalEndpoint}
 * knows, elsewhere {@link #of} gives nothing and the SDK client is used.
 */
public final class DynamoDbJsonClient implements DynamoDbClient {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    /** The service as the SDK names it to interceptors ({@code SdkExecutionAttribute.SERVICE_NAME}). */
    static final String SERVICE_NAME = "DynamoDb";
    /**
     * How deep an answer's JSON may nest: an item nests at most 32 maps or lists, two JSON levels
     * each, under at most seven levels of answer (a batch write's unprocessed put: answer, table,
     * list, request, put, item, attribute): 71, rounded up.
     */
    static final int DYNAMODB_JSON_DEPTH = 80;
    private static final String SERVICE_NAME_CLIENT = DynamoDbClient.SERVICE_NAME;
    /**
     * Refusals besides throttling that the SDK client tries again: a transaction still running,
     * and the clock-skew codes it corrects its clock for.
     */
    private static final Set<String> RETRIED_BY_THE_SDK = Set.of("LimitExceededException",
            "TransactionInProgressException", "RequestTimeTooSkewed", "InvalidSignatureException",
            "SignatureDoesNotMatch", "RequestExpired");

    /** An item operation: its name and how to start its response. */
    private record Operation(String name, Supplier<SdkPojo> response) {
    }

    private static final Operation GET_ITEM = new Operation("GetItem", () -> (SdkPojo) GetItemResponse.builder());
    private static final Operation PUT_ITEM = new Operation("PutItem", () -> (SdkPojo) PutItemResponse.builder());
    private static final Operation UPDATE_ITEM = new Operation("UpdateItem",
            () -> (SdkPojo) UpdateItemResponse.builder());
    private static final Operation DELETE_ITEM = new Operation("DeleteItem",
            () -> (SdkPojo) DeleteItemResponse.builder());
    private static final Operation QUERY = new Operation("Query", () -> (SdkPojo) QueryResponse.builder());
    private static final Operation SCAN = new Operation("Scan", () -> (SdkPojo) ScanResponse.builder());
    private static final Operation BATCH_GET_ITEM = new Operation("BatchGetItem",
            () -> (SdkPojo) BatchGetItemResponse.builder());
    private static final Operation BATCH_WRITE_ITEM = new Operation("BatchWriteItem",
            () -> (SdkPojo) BatchWriteItemResponse.builder());
    private static final Operation TRANSACT_GET_ITEMS = new Operation("TransactGetItems",
            () -> (SdkPojo) TransactGetItemsResponse.builder());
    private static final Operation TRANSACT_WRITE_ITEMS = new Operation("TransactWriteItems",
            () -> (SdkPojo) TransactWriteItemsResponse.builder());

    private final Lazy<DynamoDbClient> sdk;
    private final SigV4JsonRequests signing;
    private final URI endpoint;
    private final URL url;
    private final String host;
    private final ResolvedCredentials credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final boolean traced;

    DynamoDbJsonClient(Lazy<DynamoDbClient> sdk, String region, URI endpoint,
                       IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                       List<ExecutionInterceptor> interceptors, Clock clock) {
        this.sdk = sdk;
        this.signing = new SigV4JsonRequests(region, "dynamodb", CONTENT_TYPE, clock);
        this.endpoint = endpoint;
        this.url = SigV4JsonRequests.rootUrl(endpoint, "DynamoDB");
        this.host = SigV4JsonRequests.host(endpoint);
        this.credentials = new ResolvedCredentials(credentials, clock);
        this.interceptors = interceptors.stream().filter(i -> !(i instanceof SdkTracing.SampledCallTracing)).toList();
        this.traced = interceptors.size() != this.interceptors.size();
    }

    /**
     * Item operations of {@code region} without the SDK's pipeline, {@code interceptors} seeing
     * them and {@code sdk} (built at its first use) answering what is retried; empty where the
     * endpoint is neither given nor known here.
     */
    public static Optional<DynamoDbJsonClient> of(String region, Optional<URI> endpointOverride,
                                                  IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                                  Lazy<DynamoDbClient> sdk, List<ExecutionInterceptor> interceptors,
                                                  Clock clock) {
        return endpointOverride.or(() -> SigV4JsonRequests.regionalEndpoint("dynamodb", region))
                .map(endpoint -> new DynamoDbJsonClient(sdk, region, endpoint, credentials, interceptors, clock));
    }

    /**
     * {@code sdk}'s item operations without its pipeline, through its region, endpoint and
     * credentials; {@code sdk} itself where those are not known here.
     */
    public static DynamoDbClient wrap(DynamoDbClient sdk, List<ExecutionInterceptor> interceptors, Clock clock) {
        var configuration = sdk.serviceClientConfiguration();
        if (configuration.credentialsProvider() == null) {
            return sdk;
        }
        return of(configuration.region().id(), configuration.endpointOverride(), configuration.credentialsProvider(),
                Lazy.of(() -> sdk), interceptors, clock).<DynamoDbClient>map(client -> client).orElse(sdk);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return call(GET_ITEM, request, () -> sdk.get().getItem(request));
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return call(PUT_ITEM, request, () -> sdk.get().putItem(request));
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return call(UPDATE_ITEM, request, () -> sdk.get().updateItem(request));
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return call(DELETE_ITEM, request, () -> sdk.get().deleteItem(request));
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return call(QUERY, request, () -> sdk.get().query(request));
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return call(SCAN, request, () -> sdk.get().scan(request));
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return call(BATCH_GET_ITEM, request, () -> sdk.get().batchGetItem(request));
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return call(BATCH_WRITE_ITEM, request, () -> sdk.get().batchWriteItem(request));
    }

    @Override
    public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
        return call(TRANSACT_GET_ITEMS, request, () -> sdk.get().transactGetItems(request));
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return call(TRANSACT_WRITE_ITEMS, request, () -> sdk.get().transactWriteItems(request));
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME_CLIENT;
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return sdk.get().serviceClientConfiguration();
    }

    /** Builds the SDK client now (for a SnapStart snapshot), if it is not built yet. */
    public void buildSdkClient() {
        sdk.get();
    }

    @Override
    public void close() {
        if (sdk.isBuilt()) {
            sdk.get().close();
        }
    }

    @Override
    public String toString() {
        return "DynamoDbJsonClient[" + endpoint + "]";
    }

    private boolean sampledNow() {
        return traced && SdkTracing.sampled(SdkTracing.lambdaTraceHeader());
    }

    /**
     * The call signed and sent here; {@code throughSdk} when X-Ray samples this invocation or
     * when the answer is one the SDK client would retry.
     */
    @SuppressWarnings("unchecked")
    private <T> T call(Operation operation, SdkRequest original, Supplier<T> throughSdk) {
        if (sampledNow()) {
            return throughSdk.get();
        }
        boolean observed = !interceptors.isEmpty();
        ExecutionAttributes attributes = observed ? new ExecutionAttributes() : null;
        SdkRequest request = original;
        if (observed) {
            attributes.putAttribute(SdkExecutionAttribute.SERVICE_NAME, SERVICE_NAME);
            attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation.name());
            for (ExecutionInterceptor interceptor : interceptors) {
                interceptor.beforeExecution(InterceptorContext.builder().request(request).build(), attributes);
            }
            for (ExecutionInterceptor interceptor : interceptors) {
                request = interceptor.modifyRequest(InterceptorContext.builder().request(request).build(), attributes);
            }
        }
        byte[] body = DynamoDbJson.write((SdkPojo) request);
        String target = TARGET_PREFIX + operation.name();
        SdkHttpRequest http = null;
        URL to = url;
        String toHost = host;
        HttpPostClient.Reply reply;
        try {
            if (observed) {
                http = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint).encodedPath("/")
                        .putHeader("Content-Type", CONTENT_TYPE).putHeader("X-Amz-Target", target).build();
                for (ExecutionInterceptor interceptor : interceptors) {
                    http = interceptor.modifyHttpRequest(InterceptorContext.builder().request(request)
                            .httpRequest(http).requestBody(RequestBody.fromBytes(body)).build(), attributes);
                }
                URI routed = new URI(http.protocol(), null, http.host(), http.port(), "/", null, null);
                to = routed.toURL();
                toHost = SigV4JsonRequests.host(routed);
            }
            reply = SigV4JsonRequests.post(to, signing.signedHeaders(toHost, target, body,
                    credentials.get()), body);
        } catch (IOException | URISyntaxException failed) {
            return throughSdk.get();
        }
        if (reply.status() >= 500 || reply.status() == 429 || !checksumMatches(reply)) {
            return throughSdk.get();
        }
        Map<String, Object> json;
        try {
            json = reply.body().length == 0 ? Map.of()
                    : StrictJson.parseObject(new String(reply.body(), StandardCharsets.UTF_8), DYNAMODB_JSON_DEPTH);
        } catch (ParseException unreadable) {
            // Not sent again: a write DynamoDB answered may have been made.
            throw SdkClientException.builder().message("DynamoDB " + operation.name()
                    + " answered HTTP " + reply.status() + " with a body that is not JSON").cause(unreadable).build();
        }
        if (reply.status() != 200 && retriedByTheSdk(errorCode(reply, json))) {
            return throughSdk.get();
        }
        var answer = SdkHttpResponse.builder().statusCode(reply.status());
        reply.headers().forEach(answer::putHeader);
        SdkHttpResponse httpResponse = answer.build();
        if (reply.status() == 200) {
            SdkPojo builder = operation.response().get();
            DynamoDbJson.fill(json, builder);
            SdkResponse response = ((SdkResponse.Builder) builder).sdkHttpResponse(httpResponse).build();
            if (observed) {
                InterceptorContext context = InterceptorContext.builder().request(request).httpRequest(http)
                        .httpResponse(httpResponse).response(response).build();
                for (ExecutionInterceptor interceptor : interceptors) {
                    interceptor.afterExecution(context, attributes);
                }
            }
            return (T) response;
        }
        DynamoDbException refusal = refusal(reply, json, httpResponse);
        if (observed) {
            var failed = new FailedCall(refusal, request, http, httpResponse);
            for (ExecutionInterceptor interceptor : interceptors) {
                interceptor.onExecutionFailure(failed, attributes);
            }
        }
        throw refusal;
    }

    /** Whether the body is the one DynamoDB's {@code x-amz-crc32} names (when it names one): else the SDK retries. */
    private static boolean checksumMatches(HttpPostClient.Reply reply) {
        String crc = reply.headers().get("x-amz-crc32");
        if (crc == null) {
            return true;
        }
        var computed = new CRC32();
        computed.update(reply.body());
        return crc.equals(Long.toString(computed.getValue()));
    }

    /** Whether the SDK client tries a refusal with this code again: then it is the SDK client's to answer. */
    private static boolean retriedByTheSdk(String code) {
        return ThrottlingErrors.isThrottling(code) || RETRIED_BY_THE_SDK.contains(code);
    }

    /** DynamoDB's error code: the {@code x-amzn-ErrorType} header or the body's {@code __type}, bare. */
    private static String errorCode(HttpPostClient.Reply reply, Map<String, Object> json) {
        String type = reply.headers().get("x-amzn-errortype");
        if (type == null) {
            Object found = json.get("__type");
            type = found == null ? "" : found.toString();
        }
        int colon = type.indexOf(':');
        type = colon >= 0 ? type.substring(0, colon) : type;
        return type.substring(type.lastIndexOf('#') + 1);
    }

    /** The refusal as the SDK throws it: DynamoDB's modelled exception with its members, or the base one. */
    static DynamoDbException refusal(HttpPostClient.Reply reply, Map<String, Object> json,
                                     SdkHttpResponse httpResponse) {
        String code = errorCode(reply, json);
        Object message = json.get("message") != null ? json.get("message") : json.get("Message");
        DynamoDbException.Builder builder = switch (code) {
            case "ConditionalCheckFailedException" -> ConditionalCheckFailedException.builder();
            case "TransactionCanceledException" -> TransactionCanceledException.builder();
            case "TransactionConflictException" -> TransactionConflictException.builder();
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            case "ItemCollectionSizeLimitExceededException" -> ItemCollectionSizeLimitExceededException.builder();
            case "IdempotentParameterMismatchException" -> IdempotentParameterMismatchException.builder();
            case "ReplicatedWriteConflictException" -> ReplicatedWriteConflictException.builder();
            default -> DynamoDbException.builder();
        };
        if (builder instanceof SdkPojo shape) {
            DynamoDbJson.fill(json, shape);
        }
        String requestId = reply.headers().get("x-amzn-requestid");
        builder.message(message == null ? null : message.toString()).statusCode(reply.status()).requestId(requestId)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName(SERVICE_NAME).errorCode(code)
                        .errorMessage(message == null ? null : message.toString())
                        .sdkHttpResponse(httpResponse).build());
        return (DynamoDbException) builder.build();
    }

    /** What {@code onExecutionFailure} is shown of a refused call. */
    private record FailedCall(Throwable exception, SdkRequest request, SdkHttpRequest http, SdkHttpResponse answer)
            implements Context.FailedExecution {
        @Override
        public Optional<SdkHttpRequest> httpRequest() {
            return Optional.of(http);
        }

        @Override
        public Optional<SdkHttpResponse> httpResponse() {
            return Optional.of(answer);
        }

        @Override
        public Optional<SdkResponse> response() {
            return Optional.empty();
        }
    }
}
