package io.cognate.local.localstack;

import io.cognate.local.LocalCredentials;
import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A LocalStack instance: one edge endpoint serving every service, each region its own namespace
 * (a table or key made with a client for us-east-1 does not exist for eu-west-1), so two regions
 * are one endpoint with two region names, as two AWS regions are two endpoints.
 *
 * <p>LocalStack takes any credentials; ones that are not a 12-digit number map to account
 * 000000000000. The clients here are the local stack's own (creating tables, keys, zones, queues); the
 * functions build theirs from their environment as on AWS ({@code AwsClients}).
 */
public record LocalStackEndpoint(URI edge) {
    public LocalStackEndpoint {
        Objects.requireNonNull(edge, "edge");
    }

    public static LocalStackEndpoint at(String uri) {
        return new LocalStackEndpoint(URI.create(uri));
    }

    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder().build();
    }

    public DynamoDbClient dynamoDb(String region, SdkHttpClient http) {
        return DynamoDbClient.builder().endpointOverride(edge).region(Region.of(region))
                .credentialsProvider(LocalCredentials.PROVIDER).httpClient(http).build();
    }

    public DynamoDbStreamsClient dynamoDbStreams(String region, SdkHttpClient http) {
        return DynamoDbStreamsClient.builder().endpointOverride(edge).region(Region.of(region))
                .credentialsProvider(LocalCredentials.PROVIDER).httpClient(http).build();
    }

    /** A KMS client of one region; the caller closes it (and with it its HTTP client). */
    public KmsClient kms(String region) {
        return KmsClient.builder().endpointOverride(edge).region(Region.of(region))
                .credentialsProvider(LocalCredentials.PROVIDER).httpClient(httpClient()).build();
    }

    Route53Client route53(SdkHttpClient http) {
        return Route53Client.builder().endpointOverride(edge).region(Region.AWS_GLOBAL)
                .credentialsProvider(LocalCredentials.PROVIDER).httpClient(http).build();
    }

    EventBridgeClient eventBridge(String region, SdkHttpClient http) {
        return EventBridgeClient.builder().endpointOverride(edge).region(Region.of(region))
                .credentialsProvider(LocalCredentials.PROVIDER).httpClient(http).build();
    }

    SqsClient sqs(String region, SdkHttpClient http) {
        return SqsClient.builder().endpointOverride(edge).region(Region.of(region))
                .credentialsProvider(LocalCredentials.PROVIDER).httpClient(http).build();
    }
}
