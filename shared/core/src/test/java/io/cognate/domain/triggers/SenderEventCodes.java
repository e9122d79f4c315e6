package io.cognate.domain.triggers;

import io.cognate.testing.InMemoryRegion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.TreeMap;

/** Decrypts a sender event's {@code request.code} as a sender's KMS keyring would, with the in-memory KMS. */
final class SenderEventCodes {
    private SenderEventCodes() {
    }

    static String decrypt(InMemoryRegion region, String code, String keyArn) {
        byte[] message = Base64.getDecoder().decode(code);
        var context = contextOf(message);
        try {
            var read = EncryptionSdkMessageReader.read(message, edk -> edk.providerId().equals("aws-kms")
                    && EncryptionSdkMessageReader.keyArnOf(edk).equals(keyArn) ? region.dataKeys().open(edk.ciphertext(), keyArn, context) : null);
            return new String(read.plaintext(), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The encryption context of a version-1 header, which KMS Decrypt is given with the data key. */
    static java.util.Map<String, String> contextOf(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message, 20, message.length - 20);
        int aadLength = Short.toUnsignedInt(in.getShort());
        var context = new TreeMap<String, String>();
        if (aadLength == 0) {
            return context;
        }
        int pairs = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < pairs; i++) {
            context.put(text(in), text(in));
        }
        return context;
    }

    private static String text(ByteBuffer in) {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
