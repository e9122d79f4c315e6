package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.StubAwsEndpoint.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * KMS {@code Sign} without the SDK's pipeline: the body the SDK's KMS client sends, signed exactly
 * as the SDK's SigV4 signer signs it, retried as the SDK's standard mode retries, refused as the
 * SDK reports a refusal, and each call shown once to the observers.
 */
class KmsSignRequestsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T18:00:00Z"), ZoneOffset.UTC);
    private static final AwsSessionCredentials SESSION = AwsSessionCredentials.create("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example");
    private static final AwsBasicCredentials BASIC = AwsBasicCredentials.create("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd";

    private StubAwsEndpoint stub;
    private List<Map<String, String>> requests = List.of();

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void signsTheRequestAsTheSdksSignerDoesWithAndWithoutASessionToken() {
        var client = new KmsSignRequests("eu-west-1", URI.create("https://kms.eu-west-1.amazonaws.com"),
                StaticCredentialsProvider.create(SESSION), CLOCK, d -> { }, List.of());
        byte[] body = KmsSignRequests.body(KEY, digest("header.payload"));
        for (AwsCredentialsIdentity identity : List.<AwsCredentialsIdentity>of(SESSION, BASIC)) {
            Map<String, String> ours = client.signedHeaders(body, identity);

            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create("https://kms.eu-west-1.amazonaws.com/"))
                    .putHeader("Content-Type", KmsSignRequests.CONTENT_TYPE)
                    .putHeader("X-Amz-Target", KmsSignRequests.TARGET)
                    .build();
            var sdk = AwsV4HttpSigner.create().sign(r -> r
                    .identity(identity)
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, CLOCK));

            assertThat(ours.get("authorization"))
                    .isEqualTo(sdk.request().firstMatchingHeader("Authorization").orElseThrow());
            assertThat(ours.get("x-amz-security-token"))
                    .isEqualTo(sdk.request().firstMatchingHeader("X-Amz-Security-Token").orElse(null));
        }
        // The day's key is kept; a later day derives its own, and the answer still matches the SDK's.
        var nextDay = new KmsSignRequests("eu-west-1", URI.create("https://kms.eu-west-1.amazonaws.com"),
                StaticCredentialsProvider.create(BASIC), Clock.offset(CLOCK, Duration.ofDays(1)), d -> { }, List.of());
        assertThat(nextDay.signedHeaders(body, BASIC).get("authorization"))
                .contains("/20261203/eu-west-1/kms/aws4_request")
                .isNotEqualTo(client.signedHeaders(body, BASIC).get("authorization"));
    }

    @Test
    void sendsTheBodyTheSdksKmsClientSendsAndReadsTheSignature() throws Exception {
        byte[] signature = "signature-bytes".getBytes(StandardCharsets.UTF_8);
        start(request -> new Reply(200, "{\"KeyId\":\"" + KEY + "\",\"Signature\":\""
                + Base64.getEncoder().encodeToString(signature) + "\",\"SigningAlgorithm\":\"RSASSA_PKCS1_V1_5_SHA_256\"}"));
        byte[] digest = digest("header.payload");
        try (KmsClient sdk = KmsClient.builder().region(Region.EU_WEST_1).endpointOverride(endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(SESSION)).build()) {
            byte[] fromSdk = sdk.sign(b -> b.keyId(KEY).message(SdkBytes.fromByteArray(digest))
                    .messageType(MessageType.DIGEST).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256))
                    .signature().asByteArray();
            List<String> observed = new ArrayList<>();
            var ours = KmsSignRequests.of(sdk, List.of((service, operation) -> observed.add(service + "." + operation)),
                    Clock.systemUTC()).orElseThrow();

            assertThat(ours.signDigest(KEY, digest)).isEqualTo(fromSdk).isEqualTo(signature);
            assertThat(requests).hasSize(2);
            Map<String, String> bySdk = requests.get(0);
            Map<String, String> byUs = requests.get(1);
            assertThat(byUs.get("body")).isEqualTo(bySdk.get("body"));
            for (String header : List.of("content-type", "x-amz-target", "x-amz-security-token", "host")) {
                assertThat(byUs.get(header)).as(header).isEqualTo(bySdk.get(header));
            }
            assertThat(byUs.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/kms/aws4_request");
            assertThat(observed).containsExactly("Kms.Sign");
        }
    }

    @Test
    void retriesAServerErrorAndThrottlingAsTheSdkWouldAndCountsTheCallOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(request -> switch (calls.incrementAndGet()) {
            case 1 -> new Reply(500, "{\"__type\":\"KMSInternalException\",\"message\":\"try again\"}");
            case 2 -> new Reply(400, "{\"__type\":\"ThrottlingException\",\"message\":\"slow down\"}");
            default -> new Reply(200, "{\"Signature\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2}) + "\"}");
        });
        List<Duration> pauses = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        var client = new KmsSignRequests("us-east-1", endpoint(), StaticCredentialsProvider.create(BASIC), CLOCK,
                pauses::add, List.of((service, operation) -> observed.add(operation)));

        assertThat(client.signDigest("k", digest("x"))).containsExactly(1, 2);
        assertThat(calls).hasValue(KmsSignRequests.MAX_ATTEMPTS);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(observed).containsExactly("Sign");
    }

    @Test
    void refusalsAreThrownAsTheSdkThrowsThemAndNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(request -> {
            calls.incrementAndGet();
            return new Reply(400, "{\"__type\":\"com.amazon.coral.service#NotFoundException\",\"message\":\"no such key\"}");
        });
        var client = new KmsSignRequests("us-east-1", endpoint(), StaticCredentialsProvider.create(SESSION), CLOCK,
                d -> { }, List.of());

        assertThatThrownBy(() -> client.signDigest("k", digest("x")))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("no such key");
                })
                .hasMessageNotContaining(SESSION.secretAccessKey())
                .hasMessageNotContaining(SESSION.sessionToken());
        assertThat(calls).hasValue(1);
    }

    @Test
    void aConnectionThatFailsThreeTimesIsAClientError() {
        var closed = new KmsSignRequests("us-east-1", URI.create("http://127.0.0.1:1"),
                StaticCredentialsProvider.create(BASIC), CLOCK, d -> { }, List.of());
        assertThatThrownBy(() -> closed.signDigest("k", digest("x"))).isInstanceOf(SdkClientException.class)
                .hasMessageContaining("after 3 attempts");
    }

    @Test
    void usedOnlyWhereTheEndpointIsKnownOrGiven() {
        try (KmsClient plain = KmsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(BASIC)).build();
             KmsClient iso = KmsClient.builder().region(Region.of("us-iso-east-1"))
                     .credentialsProvider(StaticCredentialsProvider.create(BASIC)).build();
             KmsClient overridden = KmsClient.builder().region(Region.of("us-iso-east-1"))
                     .endpointOverride(URI.create("http://127.0.0.1:4566"))
                     .credentialsProvider(StaticCredentialsProvider.create(BASIC)).build()) {
            assertThat(KmsSignRequests.of(plain, List.of(), CLOCK).orElseThrow().endpoint())
                    .isEqualTo(URI.create("https://kms.us-east-1.amazonaws.com"));
            // A partition whose endpoint is not written here: the SDK's client and its endpoint rules sign.
            assertThat(KmsSignRequests.of(iso, List.of(), CLOCK)).isEmpty();
            assertThat(KmsSignRequests.of(overridden, List.of(), CLOCK).orElseThrow().endpoint())
                    .isEqualTo(URI.create("http://127.0.0.1:4566"));
        }
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }



    private void start(StubAwsEndpoint.Replies replies) throws IOException {
        stub = StubAwsEndpoint.start(KmsSignRequests.CONTENT_TYPE, replies);
        requests = stub.requests();
    }

    private URI endpoint() {
        return stub.uri();
    }
}
