package io.cognate.domain.triggers;

import io.cognate.ports.DataKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Encrypts a code (or temporary password) for a custom sender trigger as Cognito does: an AWS
 * Encryption SDK message ({@link EncryptionSdkMessage}) whose data key KMS made under the pool's
 * {@code KMSKeyID}, with the encryption context {@code userpool-id} (which a key policy can require)
 * and the signature's public key, in base64. The code leaves this process only so encrypted; the
 * data key in the clear is wiped once used.
 */
public final class SenderCodes {
    /** The encryption context key Cognito binds its sender codes to. */
    public static final String USER_POOL_CONTEXT_KEY = "userpool-id";

    private final DataKeys dataKeys;
    private final String userPoolId;

    public SenderCodes(DataKeys dataKeys, String userPoolId) {
        this.dataKeys = dataKeys;
        this.userPoolId = userPoolId;
    }

    /** No KMS is wired: for the parts of the code that never run a custom sender. */
    public static SenderCodes none(String userPoolId) {
        return new SenderCodes((keyArn, context) -> {
            throw new IllegalStateException("no KMS is wired for custom sender codes");
        }, userPoolId);
    }

    /** {@code code} encrypted under {@code keyArn}, as the {@code request.code} of a sender event. */
    public String encrypt(String keyArn, String code) {
        KeyPair signing = EncryptionSdkMessage.newSigningKeyPair();
        Map<String, String> context = EncryptionSdkMessage.contextWithPublicKey(
                Map.of(USER_POOL_CONTEXT_KEY, userPoolId), signing);
        DataKeys.DataKey dataKey = dataKeys.generate(keyArn, context);
        byte[] plaintext = code.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] message = EncryptionSdkMessage.write(dataKey.plaintext(),
                    EncryptionSdkMessage.EncryptedDataKey.kms(dataKey.keyArn(), dataKey.ciphertext()),
                    context, signing, plaintext);
            return Base64.getEncoder().encodeToString(message);
        } finally {
            Arrays.fill(dataKey.plaintext(), (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
