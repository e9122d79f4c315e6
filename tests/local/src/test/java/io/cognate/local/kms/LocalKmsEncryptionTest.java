package io.cognate.local.kms;

import static io.cognate.local.kms.TwoRegionKms.OTHER_REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalKmsEncryptionTest {

    private static final SdkBytes SECRET = SdkBytes.fromString("client secret of app 42", StandardCharsets.UTF_8);
    private static final Map<String, String> CONTEXT = Map.of("tenant", "acme", "purpose", "client-secret");

    private TwoRegionKms kms;
    private String keyId;

    @BeforeAll
    void createReplicatedSymmetricKey() {
        kms = new TwoRegionKms();
        keyId = kms.primary.createKey(r -> r.multiRegion(true)).keyMetadata().keyId();
        kms.primary.replicateKey(r -> r.keyId(keyId).replicaRegion(OTHER_REGION));
    }

    @AfterAll
    void stop() {
        kms.close();
    }

    @Test
    void encryptInOneRegionDecryptsInTheOther() {
        SdkBytes blob = kms.primary.encrypt(r -> r.keyId(keyId).plaintext(SECRET).encryptionContext(CONTEXT))
                .ciphertextBlob();

        DecryptResponse decrypted = kms.other.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT));

        assertThat(decrypted.plaintext()).isEqualTo(SECRET);
        assertThat(decrypted.keyId()).isEqualTo("arn:aws:kms:eu-west-1:000000000000:key/" + keyId);
        assertThat(decrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
    }

    @Test
    void decryptAcceptsTheMatchingKeyIdAndRejectsAnother() {
        SdkBytes blob = kms.other.encrypt(r -> r.keyId(keyId).plaintext(SECRET)).ciphertextBlob();
        String otherKey = kms.primary.createKey(r -> r.description("unrelated")).keyMetadata().keyId();

        assertThat(kms.primary.decrypt(r -> r.ciphertextBlob(blob).keyId(keyId)).plaintext()).isEqualTo(SECRET);
        assertThatThrownBy(() -> kms.primary.decrypt(r -> r.ciphertextBlob(blob).keyId(otherKey)))
                .isInstanceOf(IncorrectKeyException.class);
    }

    @Test
    void wrongEncryptionContextIsInvalidCiphertext() {
        SdkBytes blob = kms.primary.encrypt(r -> r.keyId(keyId).plaintext(SECRET).encryptionContext(CONTEXT))
                .ciphertextBlob();

        assertThatThrownBy(() -> kms.other.decrypt(r -> r.ciphertextBlob(blob)
                .encryptionContext(Map.of("tenant", "evil", "purpose", "client-secret"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.other.decrypt(r -> r.ciphertextBlob(blob)))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void tamperedBlobIsInvalidCiphertext() {
        byte[] blob = kms.primary.encrypt(r -> r.keyId(keyId).plaintext(SECRET)).ciphertextBlob().asByteArray();
        blob[blob.length - 20] ^= 1;

        assertThatThrownBy(() -> kms.other.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.other.decrypt(r -> r.ciphertextBlob(SdkBytes.fromUtf8String("garbage"))))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void dataKeyPlaintextDecryptsFromItsBlobInTheOtherRegion() {
        GenerateDataKeyResponse dataKey = kms.primary.generateDataKey(r -> r.keyId(keyId)
                .keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT));

        assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
        assertThat(kms.other.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(CONTEXT))
                .plaintext()).isEqualTo(dataKey.plaintext());
    }

    @Test
    void dataKeyWithoutPlaintextHonoursNumberOfBytes() {
        SdkBytes blob = kms.other.generateDataKeyWithoutPlaintext(r -> r.keyId(keyId).numberOfBytes(24))
                .ciphertextBlob();

        assertThat(kms.primary.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asByteArray()).hasSize(24);
    }

    @Test
    void aliasResolvesInItsOwnRegion() {
        kms.primary.createAlias(r -> r.aliasName("alias/secrets").targetKeyId(keyId));

        SdkBytes blob = kms.primary.encrypt(r -> r.keyId("alias/secrets").plaintext(SECRET)).ciphertextBlob();

        assertThat(kms.other.decrypt(r -> r.ciphertextBlob(blob)).plaintext()).isEqualTo(SECRET);
        assertThat(kms.primary.describeKey(r -> r.keyId("alias/secrets")).keyMetadata().keyId()).isEqualTo(keyId);
    }

    @Test
    void disabledKeyCannotEncrypt() {
        String id = kms.primary.createKey(r -> r.description("to disable")).keyMetadata().keyId();
        kms.primary.disableKey(r -> r.keyId(id));

        assertThatThrownBy(() -> kms.primary.encrypt(r -> r.keyId(id).plaintext(SECRET)))
                .isInstanceOf(DisabledException.class);
        assertThat(kms.primary.describeKey(r -> r.keyId(id)).keyMetadata().enabled()).isFalse();

        kms.primary.enableKey(r -> r.keyId(id));
        assertThat(kms.primary.encrypt(r -> r.keyId(id).plaintext(SECRET)).ciphertextBlob()).isNotNull();
    }

    @Test
    void concurrentRequestsInBothRegionsAllSucceed() throws Exception {
        List<Callable<SdkBytes>> tasks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            SdkBytes plaintext = SdkBytes.fromUtf8String("secret-" + i);
            boolean forward = i % 2 == 0;
            tasks.add(() -> {
                var from = forward ? kms.primary : kms.other;
                var to = forward ? kms.other : kms.primary;
                SdkBytes blob = from.encrypt(r -> r.keyId(keyId).plaintext(plaintext)).ciphertextBlob();
                assertThat(to.decrypt(r -> r.ciphertextBlob(blob)).plaintext()).isEqualTo(plaintext);
                return blob;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<SdkBytes> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isNotNull();
            }
        }
    }
}
