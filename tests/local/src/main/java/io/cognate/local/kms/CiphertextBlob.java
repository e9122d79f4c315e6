package io.cognate.local.kms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The local ciphertext format: {@code version | key id length | key id | 12-byte IV | AES-GCM output}.
 * The header and the canonical encryption context are authenticated as AAD, so neither can be swapped.
 * The key id is carried in clear because Decrypt must find the key without being told, as KMS does.
 */
final class CiphertextBlob {

    private static final byte VERSION = 1;
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private CiphertextBlob() {
    }

    static byte[] seal(String keyId, SecretKey key, byte[] plaintext, Map<String, String> context, SecureRandom random) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        ByteBuffer header = ByteBuffer.allocate(2 + id.length).put(VERSION).put((byte) id.length).put(id);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(header.array(), context));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(header.capacity() + IV_LENGTH + sealed.length)
                    .put(header.array()).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw KmsError.internal("Encryption failed: " + e.getMessage());
        }
    }

    /** The key id recorded in a blob; anything not in this format is an invalid ciphertext. */
    static String keyIdOf(byte[] blob) {
        if (blob.length < 2 || blob[0] != VERSION) {
            throw invalid();
        }
        int idLength = blob[1] & 0xff;
        if (idLength == 0 || blob.length < 2 + idLength + IV_LENGTH + TAG_BITS / 8) {
            throw invalid();
        }
        String id = new String(blob, 2, idLength, StandardCharsets.US_ASCII);
        if (!id.matches("[A-Za-z0-9-]+")) {
            throw invalid();
        }
        return id;
    }

    static byte[] open(byte[] blob, SecretKey key, Map<String, String> context) {
        int headerLength = 2 + keyIdOf(blob).length();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, headerLength, IV_LENGTH));
            cipher.updateAAD(aad(Arrays.copyOf(blob, headerLength), context));
            int offset = headerLength + IV_LENGTH;
            return cipher.doFinal(blob, offset, blob.length - offset);
        } catch (AEADBadTagException e) {
            throw invalid(); // tampered blob or a different encryption context
        } catch (GeneralSecurityException e) {
            throw KmsError.internal("Decryption failed: " + e.getMessage());
        }
    }

    /** Header followed by the context sorted by key, each string length-prefixed so that no two contexts collide. */
    private static byte[] aad(byte[] header, Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        new TreeMap<>(context).forEach((name, value) -> {
            writeString(out, name);
            writeString(out, value);
        });
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static KmsError invalid() {
        return KmsError.invalidCiphertext("The ciphertext is invalid or was encrypted under a different encryption context");
    }
}
