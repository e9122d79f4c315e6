package io.cognate.domain.triggers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.math.BigInteger;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a version-1, suite-0x0378 Encryption SDK message the way a decrypting SDK does: header
 * tag, every frame's tag and the signature are checked, and any failure throws. A second reading
 * of the format, for tests only: what {@link EncryptionSdkMessage} writes must read back here, and
 * so must what the JavaScript Encryption SDK writes.
 */
final class EncryptionSdkMessageReader {
    record Read(short suite, Map<String, String> context, List<EncryptionSdkMessage.EncryptedDataKey> dataKeys,
                int frameLength, byte[] plaintext) {
    }

    private EncryptionSdkMessageReader() {
    }

    static Read read(byte[] message, Function<EncryptionSdkMessage.EncryptedDataKey, byte[]> unwrap)
            throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(message);
        require(in.get() == 1, "message format version 1");
        require(in.get() == (byte) 0x80, "type 0x80");
        short suite = in.getShort();
        require(suite == EncryptionSdkMessage.SUITE_AES256_HKDF_SHA384_ECDSA_P384, "suite 0x0378");
        byte[] messageId = bytes(in, 16);
        int aadLength = Short.toUnsignedInt(in.getShort());
        var context = new LinkedHashMap<String, String>();
        if (aadLength > 0) {
            ByteBuffer aad = ByteBuffer.wrap(bytes(in, aadLength));
            int pairs = Short.toUnsignedInt(aad.getShort());
            for (int i = 0; i < pairs; i++) {
                context.put(text(aad), text(aad));
            }
            require(!aad.hasRemaining(), "the AAD length matches its pairs");
        }
        int keyCount = Short.toUnsignedInt(in.getShort());
        var dataKeys = new ArrayList<EncryptionSdkMessage.EncryptedDataKey>();
        for (int i = 0; i < keyCount; i++) {
            dataKeys.add(new EncryptionSdkMessage.EncryptedDataKey(text(in), field(in), field(in)));
        }
        require(in.get() == 2, "framed content");
        require(in.getInt() == 0, "reserved bytes are zero");
        require(in.get() == 12, "IV length 12");
        int frameLength = in.getInt();
        byte[] header = java.util.Arrays.copyOfRange(message, 0, in.position());
        byte[] dataKey = null;
        for (var candidate : dataKeys) {
            dataKey = unwrap.apply(candidate);
            if (dataKey != null) {
                break;
            }
        }
        require(dataKey != null, "a data key that unwraps");
        byte[] key = EncryptionSdkMessage.deriveKey(dataKey, messageId);
        byte[] headerIv = bytes(in, 12);
        byte[] headerTag = bytes(in, 16);
        open(key, headerIv, header, headerTag);
        var plaintext = new ByteArrayOutputStream();
        int expected = 1;
        while (true) {
            int mark = in.getInt();
            boolean last = mark == 0xFFFFFFFF;
            int sequence = last ? in.getInt() : mark;
            require(sequence == expected++, "frames in sequence");
            byte[] iv = bytes(in, 12);
            int length = last ? in.getInt() : frameLength;
            byte[] sealed = bytes(in, length + 16);
            byte[] contentString = last ? EncryptionSdkMessage.FINAL_FRAME_AAD
                    : "AWSKMSEncryptionClient Frame".getBytes(StandardCharsets.UTF_8);
            byte[] aad = ByteBuffer.allocate(16 + contentString.length + 12).put(messageId).put(contentString)
                    .putInt(sequence).putLong(length).array();
            plaintext.writeBytes(open(key, iv, aad, sealed));
            if (last) {
                break;
            }
        }
        byte[] signed = java.util.Arrays.copyOfRange(message, 0, in.position());
        byte[] signature = field(in);
        require(!in.hasRemaining(), "nothing after the signature");
        Signature verifier = Signature.getInstance("SHA384withECDSA");
        verifier.initVerify(publicKey(Base64.getDecoder().decode(context.get(EncryptionSdkMessage.PUBLIC_KEY_CONTEXT_KEY))));
        verifier.update(signed);
        require(verifier.verify(signature), "the signature verifies");
        return new Read(suite, context, dataKeys, frameLength, plaintext.toByteArray());
    }

    /** The data key of a raw AES keyring's EDK (provider info: key name, tag bits, IV length, IV). */
    /** A KMS keyring's provider info: the key ARN. */
    static String keyArnOf(EncryptionSdkMessage.EncryptedDataKey edk) {
        return new String(edk.providerInfo(), StandardCharsets.UTF_8);
    }

    static byte[] unwrapRawAes(EncryptionSdkMessage.EncryptedDataKey edk, String namespace, String keyName,
                               byte[] wrappingKey, Map<String, String> context) {
        if (!edk.providerId().equals(namespace)) {
            return null;
        }
        byte[] info = edk.providerInfo();
        byte[] name = keyName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.wrap(info);
        byte[] infoName = bytes(in, name.length);
        if (!java.util.Arrays.equals(infoName, name) || in.getInt() != 128 || in.getInt() != 12) {
            return null;
        }
        byte[] iv = bytes(in, 12);
        try {
            return open(wrappingKey, iv, EncryptionSdkMessage.serializedContext(context), edk.ciphertext());
        } catch (GeneralSecurityException wrongKey) {
            return null;
        }
    }

    private static byte[] open(byte[] key, byte[] iv, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed);
    }

    private static ECPublicKey publicKey(byte[] compressed) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp384r1"));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        BigInteger p = ((java.security.spec.ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(compressed, 1, compressed.length));
        BigInteger rhs = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
        if (y.testBit(0) != (compressed[0] == 3)) {
            y = p.subtract(y);
        }
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    }

    private static String text(ByteBuffer in) {
        return new String(field(in), StandardCharsets.UTF_8);
    }

    private static byte[] field(ByteBuffer in) {
        return bytes(in, Short.toUnsignedInt(in.getShort()));
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("not a message this reader takes: expected " + what);
        }
    }
}
