package io.cognate.bench.srp;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of Amazon Cognito's {@code USER_SRP_AUTH} flow (and of {@code DEVICE_SRP_AUTH}),
 * as a browser or mobile app using the Cognito SDKs runs it: it makes {@code SRP_A} for
 * {@code InitiateAuth}, then turns the {@code PASSWORD_VERIFIER} challenge's {@code SALT},
 * {@code SRP_B} and {@code SECRET_BLOCK} into the {@code PASSWORD_CLAIM_SIGNATURE}.
 *
 * <p>It is written from the public algorithm (SRP-6a over the 3072-bit group of RFC 5054 with
 * SHA-256, plus Cognito's encoding rules as the public Cognito clients apply them) and shares no
 * code with Cognate's server, so that a test passing with it says the server agrees with Cognito's
 * clients, not merely with itself. It uses only the JDK. Its results are checked against vectors
 * made by the official {@code amazon-cognito-identity-js} library
 * ({@code tests/integration/src/test/resources/srp/make-vectors.js}).
 *
 * <p>Cognito's encoding rules, which any server must follow exactly:
 * <ul>
 *   <li>Numbers are hashed as the bytes of {@link #padHex}: even-length hex with a leading
 *       {@code 00} byte when the top bit is set, as Java's {@code BigInteger.toByteArray()}. The
 *       generator is not padded to the modulus's length when k is computed.</li>
 *   <li>{@code SALT} is read as a number, so leading zero bytes the server sent are not hashed.</li>
 *   <li>The "pool name" is the part of the pool id after the underscore; for devices the device
 *       group key takes its place and the device key that of the user id.</li>
 * </ul>
 *
 * <p>Each instance holds one secret exponent; use a new one for each sign-in attempt.
 *
 * <p>Kept here, in the benchmarks module, because both {@code ./cognate load --scenario srp} and
 * the integration tests (which depend on this module) use it; {@code tests/integration}'s
 * {@code CognitoSrpClientTest} checks it against the official library's vectors.
 */
public final class CognitoSrpClient {

    /** The 3072-bit MODP prime of RFC 3526 (group 15), as in RFC 5054 appendix A. */
    private static final BigInteger N = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
                    + "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
                    + "A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8"
                    + "A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED52907"
                    + "7096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2"
                    + "EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A"
                    + "8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85"
                    + "A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D8760273"
                    + "3EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFC"
                    + "E0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
            16);
    private static final BigInteger G = BigInteger.TWO;
    /** k = H(N | g) with g unpadded: Cognito's choice, not RFC 5054's PAD(g). */
    private static final BigInteger K = hashToNumber(bytesOf(padHex(N) + padHex(G)));
    /** HKDF "info" followed by the single block counter, since only 16 bytes are taken. */
    private static final byte[] DERIVED_KEY_INFO = "Caldera Derived Key\u0001".getBytes(StandardCharsets.UTF_8);
    private static final int DERIVED_KEY_LENGTH = 16;
    private static final int SECRET_EXPONENT_BYTES = 128;
    private static final int DEVICE_PASSWORD_BYTES = 40;
    private static final int DEVICE_SALT_BYTES = 16;
    /** "ddd MMM D HH:mm:ss UTC YYYY" in English, day of month not padded. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private final String poolName;
    private final BigInteger secretA;
    private final BigInteger publicA;

    /**
     * @param userPoolId a pool id such as {@code us-east-1_TestPool}
     * @param random source of the secret exponent
     */
    public CognitoSrpClient(String userPoolId, SecureRandom random) {
        this(userPoolId, randomSecretExponent(random));
    }

    /** Fixes the secret exponent {@code a}, so that published vectors can be reproduced. */
    public CognitoSrpClient(String userPoolId, BigInteger secretA) {
        this.poolName = poolNameOf(userPoolId);
        this.secretA = secretA;
        this.publicA = G.modPow(secretA, N);
        if (publicA.signum() == 0) {
            throw new IllegalArgumentException("A mod N is 0");
        }
    }

    /** {@code SRP_A} for {@code InitiateAuth}: A = g^a mod N in lower-case hex, unpadded, as the JS SDK sends it. */
    public String srpA() {
        return publicA.toString(16);
    }

    /**
     * The {@code PASSWORD_CLAIM_SIGNATURE} answering a {@code PASSWORD_VERIFIER} challenge.
     *
     * @param userIdForSrp the challenge's {@code USER_ID_FOR_SRP}
     * @param saltHex the challenge's {@code SALT}
     * @param srpBHex the challenge's {@code SRP_B}
     * @param secretBlockBase64 the challenge's {@code SECRET_BLOCK}
     * @param timestamp the {@code TIMESTAMP} that will be sent with it, see {@link #timestamp}
     * @throws IllegalArgumentException if B mod N is 0 (a client must refuse it)
     */
    public String signature(
            String userIdForSrp,
            String password,
            String saltHex,
            String srpBHex,
            String secretBlockBase64,
            String timestamp) {
        return sign(poolName, userIdForSrp, password, saltHex, srpBHex, secretBlockBase64, timestamp);
    }

    /**
     * The {@code PASSWORD_CLAIM_SIGNATURE} answering a {@code DEVICE_PASSWORD_VERIFIER} challenge:
     * the same computation with the device group key as pool name and the device key as user id.
     *
     * @param devicePassword the random password made when the device was confirmed
     */
    public String deviceSignature(
            String deviceGroupKey,
            String deviceKey,
            String devicePassword,
            String saltHex,
            String srpBHex,
            String secretBlockBase64,
            String timestamp) {
        return sign(deviceGroupKey, deviceKey, devicePassword, saltHex, srpBHex, secretBlockBase64, timestamp);
    }

    /** Cognito's {@code TIMESTAMP}, for example {@code Tue Dec 1 21:42:03 UTC 2026}. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** What {@code ConfirmDevice} registers, and the password the device keeps for later sign-ins. */
    public record DeviceSecret(String saltHex, String verifierHex, String password) {}

    /**
     * A new device verifier, drawn as the JS SDK's {@code generateHashDevice} does: 40 random bytes
     * (Base64) as password, then 16 random bytes as salt.
     */
    public static DeviceSecret newDeviceVerifier(String deviceGroupKey, String deviceKey, SecureRandom random) {
        byte[] passwordBytes = new byte[DEVICE_PASSWORD_BYTES];
        random.nextBytes(passwordBytes);
        String password = Base64.getEncoder().encodeToString(passwordBytes);
        byte[] saltBytes = new byte[DEVICE_SALT_BYTES];
        random.nextBytes(saltBytes);
        String saltHex = padHex(new BigInteger(1, saltBytes));
        return new DeviceSecret(saltHex, verifierHex(deviceGroupKey, deviceKey, password, saltHex), password);
    }

    /** v = g^x mod N as {@link #padHex}: what a server stores for this password and salt. */
    public static String verifierHex(String poolName, String userId, String password, String saltHex) {
        return padHex(G.modPow(privateKey(poolName, userId, password, saltHex), N));
    }

    /** The 16-byte HKDF output that keys the signature; exposed to compare with the vectors. */
    public byte[] passwordAuthenticationKey(String userIdForSrp, String password, String saltHex, String srpBHex) {
        return authenticationKey(poolName, userIdForSrp, password, saltHex, srpBHex);
    }

    /** u = H(A | B), the scrambling parameter both sides derive from the public values. */
    public BigInteger scrambler(BigInteger publicB) {
        return hashToNumber(bytesOf(padHex(publicA) + padHex(publicB)));
    }

    private String sign(
            String poolName,
            String userId,
            String password,
            String saltHex,
            String srpBHex,
            String secretBlockBase64,
            String timestamp) {
        byte[] key = authenticationKey(poolName, userId, password, saltHex, srpBHex);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(poolName.getBytes(StandardCharsets.UTF_8));
        message.writeBytes(userId.getBytes(StandardCharsets.UTF_8));
        message.writeBytes(Base64.getDecoder().decode(secretBlockBase64));
        message.writeBytes(timestamp.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(hmac(key, message.toByteArray()));
    }

    private byte[] authenticationKey(String poolName, String userId, String password, String saltHex, String srpBHex) {
        BigInteger publicB = new BigInteger(srpBHex, 16);
        if (publicB.mod(N).signum() == 0) {
            throw new IllegalArgumentException("B mod N is 0");
        }
        BigInteger u = scrambler(publicB);
        if (u.signum() == 0) {
            throw new IllegalArgumentException("u is 0");
        }
        BigInteger x = privateKey(poolName, userId, password, saltHex);
        // S = (B - k*g^x)^(a + u*x); the base is reduced first so it is never negative.
        BigInteger base = publicB.subtract(K.multiply(G.modPow(x, N))).mod(N);
        BigInteger premaster = base.modPow(secretA.add(u.multiply(x)), N);
        return hkdf(bytesOf(padHex(premaster)), bytesOf(padHex(u)));
    }

    /** x = H(salt | H(poolName | userId | ":" | password)), the salt read as a number first. */
    private static BigInteger privateKey(String poolName, String userId, String password, String saltHex) {
        byte[] identity = sha256((poolName + userId + ":" + password).getBytes(StandardCharsets.UTF_8));
        byte[] salt = bytesOf(padHex(new BigInteger(saltHex, 16)));
        return hashToNumber(concat(salt, identity));
    }

    /** RFC 5869 with a single output block, cut to 16 bytes. */
    private static byte[] hkdf(byte[] inputKeyMaterial, byte[] salt) {
        byte[] pseudoRandomKey = hmac(salt, inputKeyMaterial);
        byte[] block = hmac(pseudoRandomKey, DERIVED_KEY_INFO);
        byte[] key = new byte[DERIVED_KEY_LENGTH];
        System.arraycopy(block, 0, key, 0, DERIVED_KEY_LENGTH);
        return key;
    }

    /**
     * Even-length lower-case hex of a non-negative number, with a {@code 00} byte in front when the
     * top bit is set, so the bytes never read as negative.
     */
    public static String padHex(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("negative value");
        }
        String hex = value.toString(16);
        if (hex.length() % 2 != 0) {
            hex = "0" + hex;
        }
        if (Character.digit(hex.charAt(0), 16) >= 8) {
            hex = "00" + hex;
        }
        return hex;
    }

    private static BigInteger randomSecretExponent(SecureRandom random) {
        while (true) {
            byte[] bytes = new byte[SECRET_EXPONENT_BYTES];
            random.nextBytes(bytes);
            BigInteger a = new BigInteger(1, bytes).mod(N);
            // Cannot happen for g = 2 and a prime N; checked because the protocol requires it.
            if (G.modPow(a, N).signum() != 0) {
                return a;
            }
        }
    }

    private static String poolNameOf(String userPoolId) {
        int underscore = userPoolId.indexOf('_');
        if (underscore < 0 || underscore == userPoolId.length() - 1) {
            throw new IllegalArgumentException("not a user pool id: " + userPoolId);
        }
        return userPoolId.substring(underscore + 1);
    }

    private static BigInteger hashToNumber(byte[] data) {
        return new BigInteger(1, sha256(data));
    }

    private static byte[] bytesOf(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
