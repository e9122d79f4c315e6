package io.cognate.adapters.aws;

import io.cognate.ports.SecretEnvelopes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Seals with a fresh AES-256 data key from KMS {@code GenerateDataKey} under the multi-region
 * key; the secret is encrypted here with AES-GCM and only the wrapped data key is kept beside
 * it. Because the key is multi-region, whichever region reads the record can unwrap it. The
 * context goes to KMS as the encryption context and into GCM as associated data.
 *
 * <p>Format: {@code v1.<wrapped key>.<iv>.<ciphertext>}, each part base64url.
 *
 * <p>Client secrets sealed before envelopes existed are a plain KMS {@code Encrypt} ciphertext in
 * standard base64; an instance made {@link #alsoOpeningDirectCiphertexts()} still opens those
 * (KMS {@code Decrypt} naming the key, since the replica in another region opens a ciphertext
 * only when asked for by its own id). Only the client-secret store uses it: a session or TOTP
 * secret in that form was never made, so anything else not in the {@code v1} format is refused
 * without a KMS call.
 */
public final class KmsSecretEnvelopes implements SecretEnvelopes {
    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    /** Built at the first envelope sealed or opened: a password sign-in opens none. */
    private final Supplier<KmsClient> kms;
    private final String keyId;
    private final SecureRandom random;
    private final boolean opensDirectCiphertexts;

    public KmsSecretEnvelopes(KmsClient kms, String keyId, SecureRandom random) {
        this(() -> kms, keyId, random, false);
    }

    public KmsSecretEnvelopes(Supplier<KmsClient> kms, String keyId, SecureRandom random) {
        this(kms, keyId, random, false);
    }

    private KmsSecretEnvelopes(Supplier<KmsClient> kms, String keyId, SecureRandom random, boolean opensDirectCiphertexts) {
        this.kms = kms;
        this.keyId = keyId;
        this.random = random;
        this.opensDirectCiphertexts = opensDirectCiphertexts;
    }

    /** The same envelopes, also opening client secrets sealed by a direct KMS {@code Encrypt}. */
    public KmsSecretEnvelopes alsoOpeningDirectCiphertexts() {
        return new KmsSecretEnvelopes(kms, keyId, random, true);
    }

    @Override
    public String seal(byte[] secret, Map<String, String> context) {
        requireKey();
        var dataKey = kms.get().generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(context));
        byte[] plainKey = dataKey.plaintext().asByteArray();
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            byte[] ciphertext = aesGcm(Cipher.ENCRYPT_MODE, plainKey, iv, context).doFinal(secret);
            return String.join(".", VERSION, ENCODE.encodeToString(dataKey.ciphertextBlob().asByteArray()),
                    ENCODE.encodeToString(iv), ENCODE.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        } finally {
            Arrays.fill(plainKey, (byte) 0);
        }
    }

    @Override
    public byte[] open(String sealed, Map<String, String> context) {
        requireKey();
        if (opensDirectCiphertexts && sealed != null && !sealed.startsWith(VERSION + ".")) {
            return openDirect(sealed, context);
        }
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.");
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new CannotOpen("not a sealed secret");
        }
        byte[] plainKey;
        try {
            byte[] wrapped = DECODE.decode(parts[1]);
            plainKey = kms.get().decrypt(b -> b.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                    .encryptionContext(context)).plaintext().asByteArray();
        } catch (IllegalArgumentException | InvalidCiphertextException e) {
            throw new CannotOpen("data key does not open");
        }
        try {
            return aesGcm(Cipher.DECRYPT_MODE, plainKey, DECODE.decode(parts[2]), context).doFinal(DECODE.decode(parts[3]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CannotOpen("secret does not open");
        } finally {
            Arrays.fill(plainKey, (byte) 0);
        }
    }

    private byte[] openDirect(String sealed, Map<String, String> context) {
        try {
            byte[] blob = Base64.getDecoder().decode(sealed);
            return kms.get().decrypt(b -> b.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(blob))
                    .encryptionContext(context).encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT))
                    .plaintext().asByteArray();
        } catch (IllegalArgumentException | InvalidCiphertextException e) {
            throw new CannotOpen("direct ciphertext does not open");
        }
    }

    private void requireKey() {
        if (keyId == null || keyId.isEmpty()) {
            throw new IllegalStateException("no data key configured (COGNATE_DATA_KEY_ID): sealed secrets need one");
        }
    }

    private static Cipher aesGcm(int mode, byte[] key, byte[] iv, Map<String, String> context)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(canonical(context));
        return cipher;
    }

    /** The context in a fixed order, with lengths, so no two contexts encode alike. */
    private static byte[] canonical(Map<String, String> context) {
        var sorted = new TreeMap<>(context);
        int size = 0;
        for (var e : sorted.entrySet()) {
            size += 8 + e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (var e : sorted.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
            buffer.putInt(k.length).put(k).putInt(v.length).put(v);
        }
        return buffer.array();
    }
}
