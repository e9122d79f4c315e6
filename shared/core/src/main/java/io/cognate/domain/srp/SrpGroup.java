package io.cognate.domain.srp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The arithmetic of SRP-6a as Cognito's clients speak it: the 3072-bit group of RFC 5054
 * (appendix A; the same prime as RFC 3526's group 15) with generator 2, SHA-256 throughout, and
 * the session key drawn from the shared secret by HKDF with the info string
 * {@code "Caldera Derived Key"}.
 *
 * <p>Every number is hashed as the bytes of its "padded hex" form, which is its minimal
 * two's-complement encoding ({@link BigInteger#toByteArray()}): a leading zero byte when the top
 * bit is set, never padding to the group's length. So {@code k = H(N ‖ 0x02)}, not RFC 5054's
 * {@code H(N ‖ PAD(g))}: the clients compute it this way and the server must agree.
 */
public final class SrpGroup {
    /** RFC 5054, appendix A, the 3072-bit group. */
    public static final BigInteger N = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
            + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
            + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
            + "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
            + "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
            + "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16);
    public static final BigInteger G = BigInteger.TWO;
    /** The multiplier k = H(N ‖ g). */
    public static final BigInteger K = hashToInteger(bytes(N), bytes(G));

    private static final byte[] HKDF_INFO = "Caldera Derived Key\u0001".getBytes(StandardCharsets.UTF_8);
    /** The session key is HKDF's first 16 bytes. */
    private static final int KEY_BYTES = 16;

    private SrpGroup() {
    }

    /** The bytes a number is hashed as (the clients' "padded hex"). */
    public static byte[] bytes(BigInteger value) {
        return value.toByteArray();
    }

    /** A number's padded hex, as it travels in SRP_A, SRP_B and SALT. */
    public static String hex(BigInteger value) {
        return HexFormat.of().formatHex(bytes(value));
    }

    /** A hex number as the clients send it; {@link NumberFormatException} if it is not one. */
    public static BigInteger parseHex(String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > 2 * (N.bitLength() / 8 + 1)) {
            throw new NumberFormatException("not an SRP number");
        }
        return new BigInteger(hex, 16);
    }

    public static byte[] sha256(byte[]... parts) {
        MessageDigest digest = newSha256();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    static BigInteger hashToInteger(byte[]... parts) {
        return new BigInteger(1, sha256(parts));
    }

    /** u = H(A ‖ B). */
    public static BigInteger scrambler(BigInteger a, BigInteger b) {
        return hashToInteger(bytes(a), bytes(b));
    }

    /**
     * The private key x = H(salt ‖ H(poolName ‖ userId ‖ ":" ‖ password)), the inner hash taken
     * as its 32 bytes.
     */
    public static BigInteger privateKey(BigInteger salt, String poolName, String userId, String password) {
        byte[] inner = sha256((poolName + userId + ":" + password).getBytes(StandardCharsets.UTF_8));
        return hashToInteger(bytes(salt), inner);
    }

    /** The server's public value B = k·v + g^b (mod N). */
    public static BigInteger serverPublic(BigInteger secret, BigInteger verifier) {
        return K.multiply(verifier).add(G.modPow(secret, N)).mod(N);
    }

    /** The server's view of the shared secret, S = (A·v^u)^b (mod N). */
    public static BigInteger serverSharedSecret(BigInteger clientPublic, BigInteger verifier, BigInteger scrambler,
                                                BigInteger secret) {
        return clientPublic.multiply(verifier.modPow(scrambler, N)).modPow(secret, N);
    }

    /** The 16-byte key both sides derive from the shared secret S and the scrambler u. */
    public static byte[] sessionKey(BigInteger sharedSecret, BigInteger scrambler) {
        byte[] prk = hmac(bytes(scrambler), bytes(sharedSecret));
        byte[] okm = hmac(prk, HKDF_INFO);
        byte[] key = new byte[KEY_BYTES];
        System.arraycopy(okm, 0, key, 0, KEY_BYTES);
        return key;
    }

    public static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
