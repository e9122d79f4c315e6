package io.cognate.domain.triggers;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A message in the AWS Encryption SDK's format, written the way Cognito writes the code it hands a
 * custom sender trigger, so a sender that decrypts Cognito's codes with the Encryption SDK and a
 * KMS keyring decrypts these unchanged: message format version 1, algorithm suite 0x0378
 * (AES-256-GCM, key derived with HKDF-SHA384, ECDSA P-384 signature), one final frame of a
 * 4,096-byte framing, the signing key's public key in the encryption context under
 * {@code aws-crypto-public-key}. It is the suite Cognito's own events carry; a sender configured
 * as Cognito's documentation says (commitment policy REQUIRE_ENCRYPT_ALLOW_DECRYPT) accepts it.
 *
 * <p>Only the JDK's cryptography is used: the Encryption SDK for Java and its material providers
 * library would add about 11 MB (with Bouncy Castle) to the identity-api jar for these few bytes
 * of format. The format is the published one
 * (docs.aws.amazon.com/encryption-sdk/latest/developer-guide/message-format.html); the tests hold
 * it against the JavaScript Encryption SDK in both directions.
 */
public final class EncryptionSdkMessage {
    /** AES-256-GCM, IV 12, tag 16, HKDF-SHA384, ECDSA P-384: the suite of Cognito's sender events. */
    public static final short SUITE_AES256_HKDF_SHA384_ECDSA_P384 = 0x0378;
    /** The encryption context key under which the Encryption SDK carries the signature's public key. */
    public static final String PUBLIC_KEY_CONTEXT_KEY = "aws-crypto-public-key";
    static final int FRAME_LENGTH = 4096;
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    private static final byte VERSION_1 = 0x01;
    private static final byte TYPE_CUSTOMER_AUTHENTICATED = (byte) 0x80;
    private static final byte CONTENT_FRAMED = 0x02;
    private static final int FINAL_FRAME_MARK = 0xFFFFFFFF;
    static final byte[] FINAL_FRAME_AAD = "AWSKMSEncryptionClient Final Frame".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private EncryptionSdkMessage() {
    }

    /**
     * The encrypted data key, and how a keyring finds it again: its provider id and provider info
     * (bytes: a KMS keyring's is the key ARN, a raw keyring's is binary).
     */
    public record EncryptedDataKey(String providerId, byte[] providerInfo, byte[] ciphertext) {
        /** The Encryption SDK's provider id for a KMS-encrypted data key, which a KMS keyring looks for. */
        public static final String KMS_PROVIDER_ID = "aws-kms";

        /** A data key KMS encrypted under {@code keyArn}, as a KMS keyring writes it. */
        public static EncryptedDataKey kms(String keyArn, byte[] ciphertext) {
            return new EncryptedDataKey(KMS_PROVIDER_ID, keyArn.getBytes(StandardCharsets.UTF_8), ciphertext);
        }

        @Override
        public String toString() {
            return "EncryptedDataKey[providerId=" + providerId + "]";
        }
    }

    /**
     * A fresh signing key pair (ECDSA on P-384). Its public key belongs in the encryption context
     * ({@link #contextWithPublicKey}) before the data key is made, because a KMS keyring binds the
     * data key to the whole context, public key included.
     */
    public static KeyPair newSigningKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-384", e);
        }
    }

    /** {@code context} with the signing key's public key, compressed and in base64, as the SDK stores it. */
    public static Map<String, String> contextWithPublicKey(Map<String, String> context, KeyPair signing) {
        if (context.containsKey(PUBLIC_KEY_CONTEXT_KEY)) {
            throw new IllegalArgumentException(PUBLIC_KEY_CONTEXT_KEY + " is reserved for the signature's key");
        }
        var withKey = new TreeMap<>(context);
        withKey.put(PUBLIC_KEY_CONTEXT_KEY, Base64.getEncoder().encodeToString(compressed((ECPublicKey) signing.getPublic())));
        return withKey;
    }

    /**
     * The whole message: header, header authentication, one final frame with {@code plaintext},
     * the signature. {@code dataKey} is the plaintext data key ({@code encryptedDataKey} holds it
     * encrypted); it is not kept. {@code context} must be the one {@link #contextWithPublicKey}
     * made with {@code signing}.
     */
    public static byte[] write(byte[] dataKey, EncryptedDataKey encryptedDataKey, Map<String, String> context,
                               KeyPair signing, byte[] plaintext) {
        if (dataKey.length != 32) {
            throw new IllegalArgumentException("the suite takes a 256-bit data key");
        }
        if (plaintext.length >= FRAME_LENGTH) {
            throw new IllegalArgumentException("one frame holds fewer than " + FRAME_LENGTH + " bytes");
        }
        byte[] messageId = new byte[16];
        RANDOM.nextBytes(messageId);
        byte[] header = header(messageId, new TreeMap<>(context), encryptedDataKey);
        byte[] contentKey = deriveKey(dataKey, messageId);
        try {
            var out = new ByteArrayOutputStream();
            out.writeBytes(header);
            // Header authentication: an empty plaintext under the header as AAD, IV all zeros (the
            // derived key is unique to this message, so the zero IV is never reused with it).
            byte[] headerTag = gcm(contentKey, new byte[IV_LENGTH], header, new byte[0]);
            out.write(new byte[IV_LENGTH]);
            out.write(headerTag);
            // The one frame is the final one, sequence number 1, its IV the sequence number.
            byte[] frameIv = ByteBuffer.allocate(IV_LENGTH).putInt(8, 1).array();
            byte[] sealed = gcm(contentKey, frameIv, frameAad(messageId, 1, plaintext.length), plaintext);
            ByteBuffer frame = ByteBuffer.allocate(4 + 4 + IV_LENGTH + 4 + sealed.length);
            frame.putInt(FINAL_FRAME_MARK).putInt(1).put(frameIv).putInt(plaintext.length).put(sealed);
            out.write(frame.array());
            byte[] signed = out.toByteArray();
            Signature signer = Signature.getInstance("SHA384withECDSA");
            signer.initSign(signing.getPrivate(), RANDOM);
            signer.update(signed);
            byte[] signature = signer.sign();
            out.write(ByteBuffer.allocate(2).putShort((short) signature.length).array());
            out.write(signature);
            return out.toByteArray();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the message could not be written", e);
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
    }

    /** Serialized encryption context: pair count, then each key and value with its length, keys in order. */
    static byte[] serializedContext(Map<String, String> context) {
        if (context.isEmpty()) {
            return new byte[0];
        }
        var out = new ByteArrayOutputStream();
        writeShort(out, context.size());
        for (var entry : new TreeMap<>(context).entrySet()) {
            writeField(out, entry.getKey().getBytes(StandardCharsets.UTF_8));
            writeField(out, entry.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** HKDF-SHA384 (no salt) of the data key, the suite id and message id as info: the content key. */
    static byte[] deriveKey(byte[] dataKey, byte[] messageId) {
        try {
            Mac extract = Mac.getInstance("HmacSHA384");
            extract.init(new SecretKeySpec(new byte[48], "HmacSHA384"));
            byte[] pseudoRandomKey = extract.doFinal(dataKey);
            Mac expand = Mac.getInstance("HmacSHA384");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA384"));
            expand.update(ByteBuffer.allocate(2).putShort(SUITE_AES256_HKDF_SHA384_ECDSA_P384).array());
            expand.update(messageId);
            expand.update((byte) 1);
            byte[] block = expand.doFinal();
            Arrays.fill(pseudoRandomKey, (byte) 0);
            byte[] key = Arrays.copyOf(block, 32);
            Arrays.fill(block, (byte) 0);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A frame's additional data: message id, the final frame's content string, sequence number, length. */
    static byte[] frameAad(byte[] messageId, int sequenceNumber, long contentLength) {
        return ByteBuffer.allocate(messageId.length + FINAL_FRAME_AAD.length + 4 + 8)
                .put(messageId).put(FINAL_FRAME_AAD).putInt(sequenceNumber).putLong(contentLength).array();
    }

    static byte[] gcm(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(plaintext);
    }

    private static byte[] header(byte[] messageId, Map<String, String> context, EncryptedDataKey dataKey) {
        var out = new ByteArrayOutputStream();
        out.write(VERSION_1);
        out.write(TYPE_CUSTOMER_AUTHENTICATED);
        writeShort(out, SUITE_AES256_HKDF_SHA384_ECDSA_P384);
        out.writeBytes(messageId);
        byte[] aad = serializedContext(context);
        writeShort(out, aad.length);
        out.writeBytes(aad);
        writeShort(out, 1);
        writeField(out, dataKey.providerId().getBytes(StandardCharsets.UTF_8));
        writeField(out, dataKey.providerInfo());
        writeField(out, dataKey.ciphertext());
        out.write(CONTENT_FRAMED);
        out.writeBytes(new byte[4]);
        out.write(IV_LENGTH);
        out.writeBytes(ByteBuffer.allocate(4).putInt(FRAME_LENGTH).array());
        return out.toByteArray();
    }

    /** SEC 1 compressed point: 0x02 or 0x03 by the parity of y, then x in 48 bytes. */
    static byte[] compressed(ECPublicKey key) {
        BigInteger x = key.getW().getAffineX();
        BigInteger y = key.getW().getAffineY();
        byte[] out = new byte[49];
        out[0] = (byte) (y.testBit(0) ? 0x03 : 0x02);
        byte[] xBytes = x.toByteArray();
        int length = Math.min(xBytes.length, 48);
        System.arraycopy(xBytes, xBytes.length - length, out, 1 + 48 - length, length);
        return out;
    }

    private static void writeField(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("a field of the header holds at most 65,535 bytes");
        }
        writeShort(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
    }
}
