package io.cognate.local.kms;

import static io.cognate.local.kms.TwoRegionKms.OTHER_REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalKmsErrorTest {

    private static final SdkBytes MESSAGE = SdkBytes.fromUtf8String("message");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private TwoRegionKms kms;

    @BeforeAll
    void start() {
        kms = new TwoRegionKms();
    }

    @AfterAll
    void stop() {
        kms.close();
        http.close();
    }

    @Test
    void singleRegionKeyIsNotFoundInTheOtherRegion() {
        String id = kms.primary.createKey(r -> r.description("single region")).keyMetadata().keyId();

        assertThat(kms.primary.describeKey(r -> r.keyId(id)).keyMetadata().multiRegion()).isFalse();
        assertThatThrownBy(() -> kms.other.describeKey(r -> r.keyId(id))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kms.other.encrypt(r -> r.keyId(id).plaintext(MESSAGE)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void unreplicatedMultiRegionKeyIsNotFoundInTheOtherRegion() {
        String id = kms.primary.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
        SdkBytes blob = kms.primary.encrypt(r -> r.keyId(id).plaintext(MESSAGE)).ciphertextBlob();

        assertThatThrownBy(() -> kms.other.describeKey(r -> r.keyId(id))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kms.other.decrypt(r -> r.ciphertextBlob(blob))).isInstanceOf(NotFoundException.class);
        assertThat(kms.other.listKeys().keys()).extracting(KeyListEntry::keyId).doesNotContain(id);
        assertThat(kms.primary.listKeys().keys()).extracting(KeyListEntry::keyId).contains(id);
    }

    @Test
    void arnOfAnotherRegionDoesNotResolve() {
        String id = kms.primary.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
        kms.primary.replicateKey(r -> r.keyId(id).replicaRegion(OTHER_REGION));

        assertThatThrownBy(() -> kms.other.describeKey(r -> r.keyId("arn:aws:kms:us-east-1:000000000000:key/" + id)))
                .isInstanceOf(NotFoundException.class);
        assertThat(kms.other.describeKey(r -> r.keyId("arn:aws:kms:eu-west-1:000000000000:key/" + id))
                .keyMetadata().keyId()).isEqualTo(id);
    }

    @Test
    void unknownKeyIsNotFound() {
        assertThatThrownBy(() -> kms.primary.describeKey(r -> r.keyId("mrk-00000000000000000000000000000000")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> kms.primary.describeKey(r -> r.keyId("alias/nothing")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void signingWithAnEncryptionKeyIsInvalidKeyUsage() {
        String id = kms.primary.createKey(r -> r.description("encryption")).keyMetadata().keyId();

        assertThatThrownBy(() -> kms.primary.sign(r -> r.keyId(id).message(MESSAGE)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256)))
                .isInstanceOf(InvalidKeyUsageException.class);
    }

    @Test
    void replicatingTwiceOrReplicatingASingleRegionKeyFails() {
        String mrk = kms.primary.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
        String single = kms.primary.createKey(r -> r.description("single")).keyMetadata().keyId();
        kms.primary.replicateKey(r -> r.keyId(mrk).replicaRegion(OTHER_REGION));

        assertThatThrownBy(() -> kms.primary.replicateKey(r -> r.keyId(mrk).replicaRegion(OTHER_REGION)))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> kms.primary.replicateKey(r -> r.keyId(single).replicaRegion(OTHER_REGION)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void malformedJsonIsA400WithAnErrorType() throws Exception {
        HttpResponse<String> response = post("TrentService.DescribeKey", "{\"KeyId\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorType(response)).isEqualTo("ValidationException");
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void missingOrMistypedFieldsAreValidationErrors() throws Exception {
        assertThat(errorType(post("TrentService.DescribeKey", "{}"))).isEqualTo("ValidationException");
        assertThat(errorType(post("TrentService.Encrypt", "{\"KeyId\": 5, \"Plaintext\": \"AA==\"}")))
                .isEqualTo("ValidationException");
        assertThat(errorType(post("TrentService.Encrypt", "{\"KeyId\": \"x\", \"Plaintext\": \"*not base64*\"}")))
                .isEqualTo("ValidationException");
        assertThat(errorType(post("TrentService.ListKeys", "[]"))).isEqualTo("ValidationException");
        assertThat(errorType(post("TrentService.ListKeys", "{} {}"))).isEqualTo("ValidationException");
    }

    @Test
    void unknownOperationIsA400() throws Exception {
        HttpResponse<String> response = post("TrentService.RotateEverything", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorType(response)).isEqualTo("UnknownOperationException");
    }

    @Test
    void successfulResponsesCarryARequestId() throws Exception {
        HttpResponse<String> response = post("TrentService.ListKeys", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    }

    private HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kms.primaryKms.endpoint() + "/"))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String errorType(HttpResponse<String> response) throws Exception {
        JsonNode body = json.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(400);
        return body.path("__type").asText();
    }
}
