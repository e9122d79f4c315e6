package io.cognate.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.CognitoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/** GenerateDataKey for the custom sender's codes: a multi-Region key through its replica here. */
class KmsDataKeysTest {
    private static final String MRK = "arn:aws:kms:eu-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef";
    private static final String SINGLE = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private final List<GenerateDataKeyRequest> requests = new ArrayList<>();
    private volatile boolean disabled;

    private final KmsClient kms = new KmsClient() {
        @Override
        public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
            requests.add(request);
            if (disabled) {
                throw DisabledException.builder().awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("DisabledException").build()).build();
            }
            return GenerateDataKeyResponse.builder().keyId(request.keyId())
                    .plaintext(SdkBytes.fromByteArray(new byte[32])).ciphertextBlob(SdkBytes.fromByteArray(new byte[] {7}))
                    .build();
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void aMultiRegionKeyIsUsedThroughItsReplicaHereWithTheContextGiven() {
        var dataKeys = new KmsDataKeys(() -> kms, "eu-central-1");

        var made = dataKeys.generate(MRK, Map.of("userpool-id", "eu-central-1_abc"));

        GenerateDataKeyRequest request = requests.getFirst();
        assertThat(request.keyId()).isEqualTo(MRK.replace("eu-west-1", "eu-central-1"));
        assertThat(request.keySpec()).isEqualTo(DataKeySpec.AES_256);
        assertThat(request.encryptionContext()).containsExactlyEntriesOf(Map.of("userpool-id", "eu-central-1_abc"));
        assertThat(made.keyArn()).isEqualTo(request.keyId());
        assertThat(made.plaintext()).hasSize(32);
        assertThat(made.toString()).doesNotContain("plaintext=");
        dataKeys.generate(SINGLE, Map.of());
        assertThat(requests.getLast().keyId()).isEqualTo(SINGLE);
    }

    @Test
    void aKeyKmsRefusesIsCognitosCodeDeliveryFailure() {
        disabled = true;
        assertThatThrownBy(() -> new KmsDataKeys(() -> kms, "eu-west-1").generate(SINGLE, Map.of()))
                .isInstanceOfSatisfying(CognitoException.class, e -> {
                    assertThat(e.type()).isEqualTo("CodeDeliveryFailureException");
                    assertThat(e.getMessage()).isEqualTo("Unable to deliver the code.");
                });
    }
}
