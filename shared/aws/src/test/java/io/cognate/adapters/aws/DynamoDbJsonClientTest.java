package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.StubAwsEndpoint.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * DynamoDB's item operations without the SDK's pipeline, checked against the SDK's own client on
 * one local HTTP endpoint: the same bytes on the wire (body, target, content type), signed as the
 * SDK's SigV4 signer signs them, the same response objects read back, refusals thrown as the SDK
 * throws them, the SDK client answering whatever it would retry, and the client's interceptors
 * seeing each call.
 */
class DynamoDbJsonClientTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T07:00:00Z"), ZoneOffset.UTC);
    private static final AwsSessionCredentials SESSION = AwsSessionCredentials.create("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example");
    private static final Map<String, AttributeValue> ITEM = item();
    private static final String ITEM_JSON = "{\"pk\":{\"S\":\"USER#ü \\\"quoted\\\"\\n\"},\"n\":{\"N\":\"-12.50\"},"
            + "\"b\":{\"B\":\"AAEC/w==\"},\"ok\":{\"BOOL\":true},\"none\":{\"NULL\":true},"
            + "\"ss\":{\"SS\":[\"a\",\"b\"]},\"ns\":{\"NS\":[\"1\",\"2\"]},\"bs\":{\"BS\":[\"AQ==\"]},"
            + "\"l\":{\"L\":[{\"S\":\"x\"},{\"N\":\"1\"}]},\"m\":{\"M\":{\"inner\":{\"M\":{\"s\":{\"S\":\"deep\"}}},"
            + "\"empty\":{\"L\":[]}}}}";

    private StubAwsEndpoint stub;
    private List<Map<String, String>> requests = List.of();

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    /** Every item operation Cognate's adapters send, with the members they use. */
    private static List<SdkRequest> requestsCognateSends() {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("USER#1"), "sk", AttributeValue.fromS("P"));
        return List.of(
                GetItemRequest.builder().tableName("cognate-directory").key(key).consistentRead(true)
                        .projectionExpression("#a, sk").expressionAttributeNames(Map.of("#a", "attributes")).build(),
                PutItemRequest.builder().tableName("t").item(ITEM).conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build(),
                UpdateItemRequest.builder().tableName("t").key(key)
                        .updateExpression("SET #v = :v ADD #c :one REMOVE #gone")
                        .conditionExpression("#v = :old")
                        .expressionAttributeNames(new LinkedHashMap<>(Map.of("#v", "version", "#c", "count",
                                "#gone", "gone")))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("2"), ":old",
                                AttributeValue.fromN("1"), ":one", AttributeValue.fromN("1")))
                        .returnValues(ReturnValue.ALL_NEW).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build(),
                DeleteItemRequest.builder().tableName("t").key(key).returnValues(ReturnValue.ALL_OLD).build(),
                QueryRequest.builder().tableName("t").indexName("by-email").keyConditionExpression("pk = :p")
                        .filterExpression("attribute_exists(x)").expressionAttributeValues(Map.of(":p",
                                AttributeValue.fromS("a@example.com"))).limit(25).scanIndexForward(false)
                        .exclusiveStartKey(key).build(),
                ScanRequest.builder().tableName("t").consistentRead(true).segment(1).totalSegments(4).build(),
                BatchGetItemRequest.builder().requestItems(Map.of("t", KeysAndAttributes.builder()
                        .keys(List.of(key, Map.of("pk", AttributeValue.fromS("USER#2")))).consistentRead(true)
                        .build())).build(),
                TransactWriteItemsRequest.builder().clientRequestToken("token-1").transactItems(
                        TransactWriteItem.builder().conditionCheck(c -> c.tableName("control").key(key)
                                .conditionExpression("epoch = :e")
                                .expressionAttributeValues(Map.of(":e", AttributeValue.fromN("3")))).build(),
                        TransactWriteItem.builder().put(Put.builder().tableName("t").item(ITEM).build()).build(),
                        TransactWriteItem.builder().update(Update.builder().tableName("t").key(key)
                                .updateExpression("SET a = :a")
                                .expressionAttributeValues(Map.of(":a", AttributeValue.fromBool(false)))
                                .build()).build(),
                        TransactWriteItem.builder().delete(d -> d.tableName("t").key(key)).build()).build());
    }

    @Test
    void sendsTheBytesTheSdksClientSendsForEveryOperationCognateUses() throws Exception {
        start(request -> new Reply(200, "{}"));
        try (DynamoDbClient sdk = sdkClient()) {
            DynamoDbClient ours = DynamoDbJsonClient.wrap(sdk, List.of(), CLOCK);
            for (SdkRequest request : requestsCognateSends()) {
                requests.clear();
                invoke(sdk, request);
                invoke(ours, request);
                assertThat(requests).hasSize(2);
                Map<String, String> bySdk = requests.get(0);
                Map<String, String> byUs = requests.get(1);
                String name = request.getClass().getSimpleName();
                assertThat(byUs.get("body")).as(name).isEqualTo(bySdk.get("body"));
                for (String header : List.of("content-type", "x-amz-target", "x-amz-security-token", "host")) {
                    assertThat(byUs.get(header)).as(name + " " + header).isEqualTo(bySdk.get(header));
                }
            }
        }
    }

    @Test
    void signsAsTheSdksSignerSigns() {
        var client = new DynamoDbJsonClient(null, "eu-west-1", URI.create("https://dynamodb.eu-west-1.amazonaws.com"),
                StaticCredentialsProvider.create(SESSION), List.of(), CLOCK);
        byte[] body = DynamoDbJson.write(GetItemRequest.builder().tableName("t")
                .key(Map.of("pk", AttributeValue.fromS("x"))).build());
        String target = DynamoDbJsonClient.TARGET_PREFIX + "GetItem";
        Map<String, String> ours = new SigV4JsonRequests("eu-west-1", "dynamodb", DynamoDbJsonClient.CONTENT_TYPE,
                CLOCK).signedHeaders("dynamodb.eu-west-1.amazonaws.com", target, body,
                ResolvedCredentials.of(SESSION));
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("https://dynamodb.eu-west-1.amazonaws.com/"))
                .putHeader("Content-Type", DynamoDbJsonClient.CONTENT_TYPE).putHeader("X-Amz-Target", target).build();
        var sdk = AwsV4HttpSigner.create().sign(r -> r.identity(SESSION).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, CLOCK));
        assertThat(ours.get("authorization")).isEqualTo(sdk.request().firstMatchingHeader("Authorization").orElseThrow());
        assertThat(client.toString()).doesNotContain(SESSION.secretAccessKey());
    }

    @Test
    void readsTheSameResponsesTheSdksClientReads() throws Exception {
        Map<String, String> answers = Map.of(
                "GetItem", "{\"Item\":" + ITEM_JSON + ",\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":1.0}}",
                "Query", "{\"Items\":[" + ITEM_JSON + "," + ITEM_JSON + "],\"Count\":2,\"ScannedCount\":3,"
                        + "\"LastEvaluatedKey\":{\"pk\":{\"S\":\"USER#1\"}}}",
                "UpdateItem", "{\"Attributes\":" + ITEM_JSON + ",\"ConsumedCapacity\":{\"TableName\":\"t\","
                        + "\"CapacityUnits\":2.5,\"Table\":{\"CapacityUnits\":2.5}}}",
                "BatchGetItem", "{\"Responses\":{\"t\":[" + ITEM_JSON + "]},\"UnprocessedKeys\":{\"t\":{\"Keys\":"
                        + "[{\"pk\":{\"S\":\"USER#2\"}}],\"ConsistentRead\":true}}}",
                "TransactWriteItems", "{\"ConsumedCapacity\":[{\"TableName\":\"t\",\"CapacityUnits\":4.0}]}",
                "PutItem", "{}", "DeleteItem", "{\"Attributes\":{\"pk\":{\"S\":\"gone\"}}}",
                "Scan", "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}");
        start(request -> new Reply(200, answers.get(request.get("x-amz-target").substring(
                DynamoDbJsonClient.TARGET_PREFIX.length()))));
        try (DynamoDbClient sdk = sdkClient()) {
            DynamoDbClient ours = DynamoDbJsonClient.wrap(sdk, List.of(), CLOCK);
            for (SdkRequest request : requestsCognateSends()) {
                SdkResponse bySdk = invoke(sdk, request);
                SdkResponse byUs = invoke(ours, request);
                String name = request.getClass().getSimpleName();
                // Equal member by member; equals() would also compare the HTTP responses' objects.
                assertThat(((SdkPojo) byUs).equalsBySdkFields(bySdk)).as(name + ": " + byUs + " is " + bySdk).isTrue();
                assertThat(byUs.sdkHttpResponse().statusCode()).isEqualTo(bySdk.sdkHttpResponse().statusCode());
            }
            assertThat(ours.getItem(GetItemRequest.builder().tableName("t").key(Map.of()).build()).item())
                    .isEqualTo(ITEM);
        }
    }

    @Test
    void refusalsAreTheSdksExceptionsWithTheirMembers() throws Exception {
        start(request -> switch (request.get("x-amz-target").substring(DynamoDbJsonClient.TARGET_PREFIX.length())) {
            case "PutItem" -> new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                    + "ConditionalCheckFailedException\",\"message\":\"The conditional request failed\",\"Item\":"
                    + ITEM_JSON + "}");
            case "TransactWriteItems" -> new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                    + "TransactionCanceledException\",\"Message\":\"Transaction cancelled, please refer cancellation"
                    + " reasons for specific reasons [ConditionalCheckFailed, None]\",\"CancellationReasons\":["
                    + "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\",\"Item\":"
                    + "{\"pk\":{\"S\":\"x\"}}},{\"Code\":\"None\"}]}");
            case "GetItem" -> new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                    + "ResourceNotFoundException\",\"message\":\"Requested resource not found\"}");
            default -> new Reply(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\","
                    + "\"message\":\"One or more parameter values were invalid\"}");
        });
        try (DynamoDbClient sdk = sdkClient()) {
            DynamoDbClient ours = DynamoDbJsonClient.wrap(sdk, List.of(), CLOCK);
            for (SdkRequest request : requestsCognateSends()) {
                Throwable bySdk = thrown(sdk, request);
                Throwable byUs = thrown(ours, request);
                String name = request.getClass().getSimpleName();
                assertThat(byUs).as(name).isExactlyInstanceOf(bySdk.getClass());
                var ourError = (DynamoDbException) byUs;
                var sdkError = (DynamoDbException) bySdk;
                assertThat(ourError.statusCode()).as(name).isEqualTo(sdkError.statusCode());
                assertThat(ourError.awsErrorDetails().errorCode()).as(name)
                        .isEqualTo(sdkError.awsErrorDetails().errorCode());
                assertThat(ourError.awsErrorDetails().errorMessage()).as(name)
                        .isEqualTo(sdkError.awsErrorDetails().errorMessage());
                assertThat(ourError.getMessage()).as(name).doesNotContain(SESSION.secretAccessKey())
                        .doesNotContain(SESSION.sessionToken());
            }
            assertThatThrownBy(() -> ours.putItem(b -> b.tableName("t").item(ITEM)))
                    .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                            e -> assertThat(e.item()).isEqualTo(ITEM));
            assertThatThrownBy(() -> ours.transactWriteItems((TransactWriteItemsRequest) requestsCognateSends().get(7)))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                            .containsExactly(CancellationReason.builder().code("ConditionalCheckFailed")
                                    .message("The conditional request failed")
                                    .item(Map.of("pk", AttributeValue.fromS("x"))).build(),
                                    CancellationReason.builder().code("None").build()));
            assertThatThrownBy(() -> ours.getItem(b -> b.tableName("t").key(Map.of())))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void whatTheSdkWouldRetryIsHandedToTheSdkClient() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Function<Integer, Reply>> scenarios = List.of(
                n -> n == 1 ? new Reply(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                        + "ProvisionedThroughputExceededException\",\"message\":\"slow down\"}") : ok(),
                n -> n == 1 ? new Reply(500, "{\"__type\":\"InternalServerError\"}") : ok(),
                n -> n == 1 ? new Reply(200, "{\"Item\":{\"pk\":{\"S\":\"torn\"}}}", "1") : ok());
        for (Function<Integer, Reply> scenario : scenarios) {
            calls.set(0);
            if (stub != null) {
                stub.close();
            }
            start(request -> scenario.apply(calls.incrementAndGet()));
            try (DynamoDbClient sdk = sdkClient()) {
                DynamoDbClient ours = DynamoDbJsonClient.wrap(sdk, List.of(), CLOCK);
                assertThat(ours.getItem(b -> b.tableName("t").key(Map.of())).item())
                        .containsEntry("pk", AttributeValue.fromS("whole"));
                assertThat(calls).hasValue(2);
            }
        }
        // A connection that fails is the SDK client's too: it reports it as it would.
        try (DynamoDbClient closed = DynamoDbClient.builder().region(Region.EU_WEST_1)
                .endpointOverride(URI.create("http://127.0.0.1:1"))
                .credentialsProvider(StaticCredentialsProvider.create(SESSION))
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))).build()) {
            DynamoDbClient ours = DynamoDbJsonClient.wrap(closed, List.of(), CLOCK);
            assertThatThrownBy(() -> ours.getItem(b -> b.tableName("t").key(Map.of())))
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
        }
    }

    @Test
    void anAnswerThatIsNotJsonIsAnErrorAndTheWriteIsNotSentAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(request -> {
            calls.incrementAndGet();
            return new Reply(200, "<html>not DynamoDB</html>");
        });
        try (DynamoDbClient sdk = sdkClient()) {
            DynamoDbClient ours = DynamoDbJsonClient.wrap(sdk, List.of(), CLOCK);
            assertThatThrownBy(() -> ours.updateItem((UpdateItemRequest) requestsCognateSends().get(2)))
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class)
                    .hasMessageContaining("UpdateItem");
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void theClientsInterceptorsSeeEachCallAndMayChangeItsRequest() throws Exception {
        start(request -> request.get("x-amz-target").endsWith("PutItem")
                ? new Reply(400, "{\"__type\":\"ConditionalCheckFailedException\",\"message\":\"no\"}")
                : new Reply(200, "{\"Item\":{\"pk\":{\"S\":\"x\"}},\"ConsumedCapacity\":{\"CapacityUnits\":0.5}}"));
        List<String> seen = new ArrayList<>();
        ExecutionInterceptor observer = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                seen.add("before " + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }

            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                return context.request() instanceof GetItemRequest get
                        ? get.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()
                        : context.request();
            }

            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                // Where the local stack's throttling switch sends a request: another host and port.
                return context.httpRequest().toBuilder().host("127.0.0.1").port(stub.port()).build();
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                seen.add("after " + context.response().getClass().getSimpleName());
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                seen.add("failed " + context.exception().getClass().getSimpleName());
            }
        };
        try (DynamoDbClient sdk = DynamoDbClient.builder().region(Region.EU_WEST_1)
                .endpointOverride(URI.create("http://localhost:1"))
                .credentialsProvider(StaticCredentialsProvider.create(SESSION)).build()) {
            DynamoDbClient ours = DynamoDbJsonClient.wrap(sdk, List.of(observer), CLOCK);
            assertThat(ours.getItem(b -> b.tableName("t").key(Map.of())).consumedCapacity().capacityUnits())
                    .isEqualTo(0.5);
            assertThatThrownBy(() -> ours.putItem(b -> b.tableName("t").item(ITEM)))
                    .isInstanceOf(ConditionalCheckFailedException.class);
        }
        assertThat(seen).containsExactly("before DynamoDb.GetItem", "after GetItemResponse",
                "before DynamoDb.PutItem", "failed ConditionalCheckFailedException");
        assertThat(requests.get(0).get("body")).contains("\"ReturnConsumedCapacity\":\"TOTAL\"");
        assertThat(requests.get(0).get("host")).isEqualTo("127.0.0.1:" + stub.port());
    }

    @Test
    void pagesGoThroughItTableOperationsAreRefusedAndTheSdkClientIsBuiltOnlyWhenNeeded() throws Exception {
        AtomicInteger scans = new AtomicInteger();
        start(request -> scans.incrementAndGet() == 1
                ? new Reply(200, "{\"Items\":[{\"pk\":{\"S\":\"1\"}}],\"Count\":1,\"LastEvaluatedKey\":{\"pk\":{\"S\":\"1\"}}}")
                : new Reply(200, "{\"Items\":[{\"pk\":{\"S\":\"2\"}}],\"Count\":1}"));
        List<String> operations = new ArrayList<>();
        ExecutionInterceptor names = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        AtomicInteger built = new AtomicInteger();
        var sdk = io.cognate.config.Lazy.of(() -> {
            built.incrementAndGet();
            return sdkClient();
        });
        try (DynamoDbClient ours = DynamoDbJsonClient.of("eu-west-1", java.util.Optional.of(endpoint()),
                StaticCredentialsProvider.create(SESSION), sdk, List.of(names), CLOCK).orElseThrow()) {
            assertThat(ours.scanPaginator(b -> b.tableName("t")).items().stream()
                    .map(item -> item.get("pk").s()).toList()).containsExactly("1", "2");
            assertThat(ours.serviceName()).isEqualTo(DynamoDbClient.SERVICE_NAME);
            assertThat(built).hasValue(0);
            assertThatThrownBy(() -> ours.describeTable(b -> b.tableName("t")))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(ours.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(built).hasValue(1);
        }
        assertThat(operations).containsExactly("Scan", "Scan");
        assertThat(requests).extracting(r -> r.get("x-amz-target")).containsExactly("DynamoDB_20120810.Scan",
                "DynamoDB_20120810.Scan");
    }

    @Test
    void usedOnlyWhereTheEndpointIsKnownOrGiven() {
        try (DynamoDbClient plain = DynamoDbClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(SESSION)).build();
             DynamoDbClient iso = DynamoDbClient.builder().region(Region.of("us-iso-east-1"))
                     .credentialsProvider(StaticCredentialsProvider.create(SESSION)).build()) {
            assertThat(DynamoDbJsonClient.wrap(plain, List.of(), CLOCK).toString())
                    .isEqualTo("DynamoDbJsonClient[https://dynamodb.us-east-1.amazonaws.com]");
            // A partition whose endpoint is not written here: the SDK's client and its endpoint rules.
            assertThat(DynamoDbJsonClient.wrap(iso, List.of(), CLOCK)).isSameAs(iso);
        }
    }

    private static Reply ok() {
        return new Reply(200, "{\"Item\":{\"pk\":{\"S\":\"whole\"}}}");
    }

    private static Map<String, AttributeValue> item() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("USER#ü \"quoted\"\n"));
        item.put("n", AttributeValue.fromN("-12.50"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xff})));
        item.put("ok", AttributeValue.fromBool(true));
        item.put("none", AttributeValue.fromNul(true));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}))));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromN("1"))));
        Map<String, AttributeValue> inner = new LinkedHashMap<>();
        inner.put("inner", AttributeValue.fromM(Map.of("s", AttributeValue.fromS("deep"))));
        inner.put("empty", AttributeValue.fromL(List.of()));
        item.put("m", AttributeValue.fromM(inner));
        return item;
    }

    private DynamoDbClient sdkClient() {
        return DynamoDbClient.builder().region(Region.EU_WEST_1).endpointOverride(endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(SESSION))
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(3))).build();
    }

    private static SdkResponse invoke(DynamoDbClient client, SdkRequest request) {
        return switch (request) {
            case GetItemRequest r -> client.getItem(r);
            case PutItemRequest r -> client.putItem(r);
            case UpdateItemRequest r -> client.updateItem(r);
            case DeleteItemRequest r -> client.deleteItem(r);
            case QueryRequest r -> client.query(r);
            case ScanRequest r -> client.scan(r);
            case BatchGetItemRequest r -> client.batchGetItem(r);
            case TransactWriteItemsRequest r -> client.transactWriteItems(r);
            default -> throw new IllegalArgumentException(request.toString());
        };
    }

    private static Throwable thrown(DynamoDbClient client, SdkRequest request) {
        try {
            invoke(client, request);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no refusal for " + request);
    }



    private void start(StubAwsEndpoint.Replies replies) throws IOException {
        stub = StubAwsEndpoint.start(DynamoDbJsonClient.CONTENT_TYPE, replies);
        requests = stub.requests();
    }

    private URI endpoint() {
        return stub.uri();
    }
}
