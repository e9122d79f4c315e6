package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.adapters.aws.StubAwsEndpoint.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The token-verifier's KMS call without the SDK: signed exactly as the SDK's own SigV4 signer
 * signs the same request, retried as the SDK's standard mode retries, and read back into the key.
 */
class KmsPublicKeyClientTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private static final SigV4JsonRequests.Credentials CREDENTIALS = new SigV4JsonRequests.Credentials(
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Optional.of("session-token-example"));

    private StubAwsEndpoint stub;
    private List<Map<String, String>> requests = List.of();

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void signsTheRequestAsTheSdksSignerDoes() {
        var client = new KmsPublicKeyClient("eu-west-1", URI.create("https://kms.eu-west-1.amazonaws.com"), CREDENTIALS,
                CLOCK, d -> { });
        byte[] body = "{\"KeyId\":\"mrk-1234\"}".getBytes(StandardCharsets.UTF_8);

        Map<String, String> ours = client.signedHeaders(body);

        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("https://kms.eu-west-1.amazonaws.com/"))
                .putHeader("Content-Type", KmsPublicKeyClient.CONTENT_TYPE)
                .putHeader("X-Amz-Target", KmsPublicKeyClient.TARGET)
                .build();
        var sdk = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(CREDENTIALS.accessKeyId(), CREDENTIALS.secretAccessKey(),
                        CREDENTIALS.sessionToken().orElseThrow()))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, CLOCK));

        assertThat(ours.get("authorization")).isEqualTo(sdk.request().firstMatchingHeader("Authorization").orElseThrow());
        assertThat(ours.get("x-amz-date")).isEqualTo("20261202T100000Z");
        assertThat(ours.get("x-amz-security-token")).isEqualTo("session-token-example");
    }

    @Test
    void readsThePublicKeyAndRetriesAServerErrorAsTheSdkWould() throws Exception {
        RSAPublicKey key = rsaKey();
        AtomicInteger calls = new AtomicInteger();
        start(exchangeAnswer -> calls.incrementAndGet() == 1
                ? new Reply(500, "{\"__type\":\"KMSInternalException\",\"message\":\"try again\"}")
                : new Reply(200, "{\"KeyId\":\"arn:aws:kms:us-east-1:1:key/k\",\"PublicKey\":\""
                        + Base64.getEncoder().encodeToString(key.getEncoded()) + "\",\"KeySpec\":\"RSA_2048\"}"));
        List<java.time.Duration> pauses = new ArrayList<>();
        var client = new KmsPublicKeyClient("us-east-1", endpoint(), CREDENTIALS, CLOCK, pauses::add);

        assertThat(client.publicKey("k").getModulus()).isEqualTo(key.getModulus());
        assertThat(calls).hasValue(2);
        assertThat(pauses).hasSize(1);
        assertThat(requests.getFirst()).containsEntry("x-amz-target", KmsPublicKeyClient.TARGET)
                .containsEntry("content-type", KmsPublicKeyClient.CONTENT_TYPE)
                .containsEntry("body", "{\"KeyId\":\"k\"}");
        assertThat(requests.getFirst().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/us-east-1/kms/aws4_request");
    }

    @Test
    void refusalsAreNotRetriedAndThrottlingIsRetriedThreeTimesAtMost() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(exchange -> {
            calls.incrementAndGet();
            return new Reply(400, "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"message\":\"no\"}");
        });
        var client = new KmsPublicKeyClient("us-east-1", endpoint(), CREDENTIALS, CLOCK, d -> { });
        assertThatThrownBy(() -> client.publicKey("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 400 AccessDeniedException")
                .hasMessageNotContaining(CREDENTIALS.secretAccessKey());
        assertThat(calls).hasValue(1);

        stop();
        calls.set(0);
        start(exchange -> {
            calls.incrementAndGet();
            return new Reply(400, "{\"__type\":\"ThrottlingException\",\"message\":\"slow down\"}");
        });
        var throttled = new KmsPublicKeyClient("us-east-1", endpoint(), CREDENTIALS, CLOCK, d -> { });
        assertThatThrownBy(() -> throttled.publicKey("k")).hasMessageContaining("ThrottlingException");
        assertThat(calls).hasValue(KmsPublicKeyClient.MAX_ATTEMPTS);
    }

    @Test
    void usedOnlyWithTheFunctionsCredentialsAndAKnownEndpoint() {
        Map<String, String> lambda = Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "token");
        assertThat(KmsPublicKeyClient.fromEnvironment("us-east-1", Optional.empty(), lambda, CLOCK).orElseThrow().endpoint())
                .isEqualTo(URI.create("https://kms.us-east-1.amazonaws.com"));
        assertThat(KmsPublicKeyClient.fromEnvironment("cn-north-1", Optional.empty(), lambda, CLOCK).orElseThrow().endpoint())
                .isEqualTo(URI.create("https://kms.cn-north-1.amazonaws.com.cn"));
        assertThat(KmsPublicKeyClient.fromEnvironment("us-east-1", Optional.of(URI.create("http://127.0.0.1:1")), lambda,
                CLOCK).orElseThrow().endpoint()).isEqualTo(URI.create("http://127.0.0.1:1"));
        // No credentials in the environment (the local stack, a container role): the SDK's chain decides.
        assertThat(KmsPublicKeyClient.fromEnvironment("us-east-1", Optional.empty(), Map.of(), CLOCK)).isEmpty();
        // A partition whose endpoint is not written here: the SDK's endpoint rules decide.
        assertThat(KmsPublicKeyClient.fromEnvironment("us-iso-east-1", Optional.empty(), lambda, CLOCK)).isEmpty();
        assertThat(CREDENTIALS.toString()).doesNotContain(CREDENTIALS.secretAccessKey());
    }



    private void start(StubAwsEndpoint.Replies replies) throws IOException {
        stub = StubAwsEndpoint.start(KmsPublicKeyClient.CONTENT_TYPE, replies);
        requests = stub.requests();
    }

    private URI endpoint() {
        return stub.uri();
    }

    private static RSAPublicKey rsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return (RSAPublicKey) generator.generateKeyPair().getPublic();
    }
}
