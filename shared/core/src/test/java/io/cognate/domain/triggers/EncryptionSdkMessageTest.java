package io.cognate.domain.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionSdkMessageTest {
    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] dataKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    @Test
    void aWrittenMessageReadsBackWithItsContextDataKeyAndPlaintext() throws GeneralSecurityException {
        byte[] dataKey = dataKey();
        KeyPair signing = EncryptionSdkMessage.newSigningKeyPair();
        Map<String, String> context = EncryptionSdkMessage.contextWithPublicKey(Map.of("userpool-id", "eu-west-1_abc"), signing);
        var edk = EncryptionSdkMessage.EncryptedDataKey.kms(KEY_ARN, new byte[] {1, 2, 3});

        byte[] message = EncryptionSdkMessage.write(dataKey.clone(), edk, context, signing,
                "908172".getBytes(StandardCharsets.UTF_8));

        var read = EncryptionSdkMessageReader.read(message, candidate -> dataKey);
        assertThat(new String(read.plaintext(), StandardCharsets.UTF_8)).isEqualTo("908172");
        assertThat(read.suite()).isEqualTo((short) 0x0378);
        assertThat(read.frameLength()).isEqualTo(4096);
        assertThat(read.context()).containsEntry("userpool-id", "eu-west-1_abc")
                .containsKey("aws-crypto-public-key").hasSize(2);
        assertThat(Base64.getDecoder().decode(read.context().get("aws-crypto-public-key"))).hasSize(49);
        assertThat(read.dataKeys()).singleElement().satisfies(key -> {
            assertThat(key.providerId()).isEqualTo("aws-kms");
            assertThat(EncryptionSdkMessageReader.keyArnOf(key)).isEqualTo(KEY_ARN);
            assertThat(key.ciphertext()).containsExactly(1, 2, 3);
        });
        // Cognito's events start the same way: version 1, type 0x80, suite 0x0378.
        assertThat(Base64.getEncoder().encodeToString(message)).startsWith("AYAD");
        assertThat(new String(message, StandardCharsets.ISO_8859_1)).doesNotContain("908172");
    }

    @Test
    void everyChangedByteIsRefused() throws GeneralSecurityException {
        byte[] dataKey = dataKey();
        KeyPair signing = EncryptionSdkMessage.newSigningKeyPair();
        Map<String, String> context = EncryptionSdkMessage.contextWithPublicKey(Map.of("userpool-id", "p"), signing);
        byte[] message = EncryptionSdkMessage.write(dataKey.clone(),
                EncryptionSdkMessage.EncryptedDataKey.kms(KEY_ARN, new byte[] {9}), context, signing,
                "654321".getBytes(StandardCharsets.UTF_8));
        EncryptionSdkMessageReader.read(message, candidate -> dataKey);

        for (int i = 0; i < message.length; i++) {
            byte[] changed = message.clone();
            changed[i] ^= 0x01;
            assertThatThrownBy(() -> EncryptionSdkMessageReader.read(changed, candidate -> dataKey))
                    .as("byte %d changed", i).isInstanceOfAny(GeneralSecurityException.class,
                            IllegalArgumentException.class, RuntimeException.class);
        }
    }

    @Test
    void theSigningKeyIsFreshForEveryMessageAndThePublicKeyNameIsReserved() {
        KeyPair first = EncryptionSdkMessage.newSigningKeyPair();
        KeyPair second = EncryptionSdkMessage.newSigningKeyPair();
        assertThat(EncryptionSdkMessage.contextWithPublicKey(Map.of(), first))
                .isNotEqualTo(EncryptionSdkMessage.contextWithPublicKey(Map.of(), second));
        assertThatThrownBy(() -> EncryptionSdkMessage.contextWithPublicKey(Map.of("aws-crypto-public-key", "x"), first))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncryptionSdkMessage.write(new byte[16],
                EncryptionSdkMessage.EncryptedDataKey.kms(KEY_ARN, new byte[1]), Map.of(), first, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A message the JavaScript Encryption SDK wrote (raw AES keyring, suite 0x0378), read here. */
    @Test
    void aMessageWrittenByTheJavaScriptEncryptionSdkReadsHere() throws Exception {
        Map<String, Object> vector;
        try (InputStream in = getClass().getResourceAsStream("/esdk/js-sdk-0378-raw-aes.json")) {
            vector = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> keyring = (Map<String, Object>) vector.get("keyring");
        byte[] wrappingKey = Base64.getDecoder().decode((String) keyring.get("wrappingKey"));
        byte[] message = Base64.getDecoder().decode((String) vector.get("message"));

        var read = EncryptionSdkMessageReader.read(message, edk -> EncryptionSdkMessageReader.unwrapRawAes(edk,
                (String) keyring.get("keyNamespace"), (String) keyring.get("keyName"), wrappingKey,
                SenderEventCodes.contextOf(message)));

        assertThat(new String(read.plaintext(), StandardCharsets.UTF_8)).isEqualTo(vector.get("plaintext"));
        assertThat(read.context()).containsEntry("userpool-id", "eu-west-1_X").containsKey("aws-crypto-public-key");
    }
}
