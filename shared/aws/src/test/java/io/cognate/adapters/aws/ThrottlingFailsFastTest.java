package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The health check's retry strategy, through the real SDK clients against a server answering as
 * DynamoDB and KMS do on the wire: every throttling error fails at the first attempt, with the
 * service's own error; a transient 5xx is retried once. The SDK's default client, for contrast,
 * retries the same throttling answer, which is what made a throttled leader's /health miss the
 * probe's timeout.
 */
class ThrottlingFailsFastTest {
    private static final String ITEM = "{\"Item\":{\"pk\":{\"S\":\"LEADER\"}}}";

    private HttpServer server;
    private final AtomicInteger attempts = new AtomicInteger();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    private record Answer(int status, String errorType, String body) {
        static Answer error(int status, String type) {
            return new Answer(status, type, "{\"__type\":\"" + type + "\",\"message\":\"refused\"}");
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void dynamoDbThrottlingFailsAtTheFirstAttemptWithTheServicesError() {
        try (DynamoDbClient dynamo = dynamoDb(true)) {
            answer(Answer.error(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"));
            assertThatThrownBy(() -> getItem(dynamo)).isInstanceOf(ProvisionedThroughputExceededException.class)
                    .satisfies(e -> assertThat(ThrottlingFailsFast.isThrottling(e)).isTrue());
            assertThat(attempts.getAndSet(0)).isEqualTo(1);

            answer(Answer.error(400, "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded"));
            assertThatThrownBy(() -> getItem(dynamo)).isInstanceOf(RequestLimitExceededException.class)
                    .satisfies(e -> assertThat(ThrottlingFailsFast.isThrottling(e)).isTrue());
            assertThat(attempts.getAndSet(0)).isEqualTo(1);

            answer(Answer.error(400, "com.amazon.coral.availability#ThrottlingException"));
            assertThatThrownBy(() -> getItem(dynamo)).isInstanceOf(SdkServiceException.class)
                    .satisfies(e -> assertThat(ThrottlingFailsFast.isThrottling(e)).isTrue());
            assertThat(attempts.getAndSet(0)).isEqualTo(1);
        }
    }

    @Test
    void kmsThrottlingFailsAtTheFirstAttemptWithTheServicesError() {
        try (KmsClient kms = KmsClient.builder().region(Region.EU_WEST_1).endpointOverride(start())
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(ThrottlingFailsFast.retryStrategy())).build()) {
            answer(Answer.error(400, "ThrottlingException"));
            assertThatThrownBy(() -> kms.getPublicKey(b -> b.keyId("alias/signing"))).isInstanceOf(KmsException.class)
                    .satisfies(e -> assertThat(ThrottlingFailsFast.isThrottling(e)).isTrue());
            assertThat(attempts.get()).isEqualTo(1);
        }
    }

    @Test
    void aTransientFaultIsRetriedOnceAndNoMore() {
        try (DynamoDbClient dynamo = dynamoDb(true)) {
            answer(Answer.error(500, "com.amazonaws.dynamodb.v20120810#InternalServerError"), new Answer(200, "", ITEM));
            assertThat(getItem(dynamo)).containsKey("pk");
            assertThat(attempts.getAndSet(0)).isEqualTo(2);

            answer(Answer.error(500, "com.amazonaws.dynamodb.v20120810#InternalServerError"),
                    Answer.error(500, "com.amazonaws.dynamodb.v20120810#InternalServerError"), new Answer(200, "", ITEM));
            assertThatThrownBy(() -> getItem(dynamo)).isInstanceOf(SdkServiceException.class)
                    .satisfies(e -> assertThat(ThrottlingFailsFast.isThrottling(e)).isFalse());
            assertThat(attempts.get()).isEqualTo(2);
        }
    }

    @Test
    void theDefaultClientRetriesTheSameThrottlingAnswer() {
        try (DynamoDbClient dynamo = dynamoDb(false)) {
            answer(Answer.error(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"),
                    new Answer(200, "", ITEM));
            assertThat(getItem(dynamo)).containsKey("pk");
            assertThat(attempts.get()).isEqualTo(2);
        }
    }

    private Map<String, AttributeValue> getItem(DynamoDbClient dynamo) {
        return dynamo.getItem(b -> b.tableName("control").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("LEADER")))).item();
    }

    private void answer(Answer... next) {
        answers.clear();
        answers.addAll(List.of(next));
    }

    private DynamoDbClient dynamoDb(boolean failFast) {
        var builder = DynamoDbClient.builder().region(Region.EU_WEST_1).endpointOverride(start())
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create());
        if (failFast) {
            builder.overrideConfiguration(c -> c.retryStrategy(ThrottlingFailsFast.retryStrategy()));
        }
        return builder.build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret-example"));
    }

    /** A server giving the queued answers in turn, then 200 with the item. */
    private URI start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                attempts.incrementAndGet();
                Answer answer = answers.poll();
                if (answer == null) {
                    answer = new Answer(200, "", ITEM);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                if (!answer.errorType().isEmpty()) {
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.errorType().substring(
                            answer.errorType().indexOf('#') + 1));
                }
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
