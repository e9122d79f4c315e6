package io.cognate.adapters.aws;

import io.cognate.ports.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;

/**
 * Seals secrets with KMS {@code Encrypt} under the symmetric multi-region data key (secrets are
 * far below KMS's 4 KB plaintext limit, so no local data key is needed). {@code Decrypt} names
 * the key explicitly: a ciphertext made in one region carries that region's key ARN, and the
 * replica in another region opens it only when asked for by its own id.
 */
public final class KmsSecretCipher implements SecretCipher {
    private final KmsClient kms;
    private final String keyId;

    public KmsSecretCipher(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public String seal(String plaintext, Map<String, String> context) {
        requireKey();
        byte[] ciphertext = kms.encrypt(b -> b.keyId(keyId)
                        .plaintext(SdkBytes.fromString(plaintext, StandardCharsets.UTF_8))
                        .encryptionContext(context)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT))
                .ciphertextBlob().asByteArray();
        return Base64.getEncoder().encodeToString(ciphertext);
    }

    @Override
    public String open(String sealed, Map<String, String> context) {
        requireKey();
        return kms.decrypt(b -> b.keyId(keyId)
                        .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(sealed)))
                        .encryptionContext(context)
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT))
                .plaintext().asString(StandardCharsets.UTF_8);
    }

    private void requireKey() {
        if (keyId == null || keyId.isEmpty()) {
            throw new IllegalStateException("no data key configured (COGNATE_DATA_KEY_ID): client secrets need one");
        }
    }
}
