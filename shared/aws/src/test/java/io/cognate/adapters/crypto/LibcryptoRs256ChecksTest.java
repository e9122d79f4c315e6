package io.cognate.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cognate.domain.tokens.Rs256Check;
import io.cognate.domain.tokens.Rs256Checks;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libcrypto's RS256 checks against the JDK's {@code SHA256withRSA} on the same inputs: valid
 * signatures, every kind of corruption, values at and above the modulus, and encodings made by
 * hand with the private key (wrong block type, short padding, SHA-1, trailing bytes). The two
 * must agree on every one and refuse the broken ones; the one difference, a DigestInfo without
 * its NULL parameters, libcrypto refuses and the JDK accepts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibcryptoRs256ChecksTest {
    private static final byte[] SHA256_DIGEST_INFO = HexFormat.of().parseHex("3031300d060960864801650304020105000420");
    private static final byte[] SHA256_DIGEST_INFO_NO_NULL = HexFormat.of().parseHex("302f300b0609608648016503040201" + "0420");
    private static final byte[] SHA1_DIGEST_INFO = HexFormat.of().parseHex("3021300906052b0e03021a05000414");

    private final Random random = new Random(20261202L);
    private Rs256Checks libcrypto;
    private KeyPair key2048;
    private KeyPair key3072;

    @BeforeAll
    void load() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        key2048 = generator.generateKeyPair();
        generator.initialize(3072, new SecureRandom());
        key3072 = generator.generateKeyPair();
        libcrypto = PlatformRs256Checks.libcrypto().orElse(null);
    }

    /** Where this JVM can call libcrypto 3 at all; elsewhere the verifier keeps JCA and these tests have nothing to test. */
    private boolean libcryptoExpectedHere() {
        return Runtime.version().feature() >= 22
                && Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib")
                        .anyMatch(dir -> Files.exists(Path.of(dir, PlatformRs256Checks.LIBRARY)));
    }

    private Rs256Checks libcrypto() {
        assumeTrue(libcryptoExpectedHere(), "JDK 22+ with libcrypto.so.3 needed");
        return libcrypto;
    }

    @Test
    void loadsOnAJvmAndMachineThatHaveIt() {
        assumeTrue(libcryptoExpectedHere(), "JDK 22+ with libcrypto.so.3 needed");
        assertThat(libcrypto).as("libcrypto's checks on JDK %s", Runtime.version()).isNotNull();
        assertThat(libcrypto.name()).isEqualTo("libcrypto");
        assertThat(PlatformRs256Checks.choose(null).name()).isEqualTo("libcrypto");
    }

    @Test
    void theSettingCanKeepTheJdksProvider() {
        assertThat(PlatformRs256Checks.choose("jca")).isSameAs(Rs256Checks.JCA);
        assertThat(PlatformRs256Checks.choose("JCA")).isSameAs(Rs256Checks.JCA);
    }

    Stream<KeyPair> keys() {
        return Stream.of(key2048, key3072);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void agreesWithJcaOnValidAndCorruptedSignatures(KeyPair pair) throws Exception {
        Rs256Check nativeCheck = libcrypto().forKey((RSAPublicKey) pair.getPublic());
        Rs256Check jca = Rs256Checks.JCA.forKey((RSAPublicKey) pair.getPublic());
        for (int round = 0; round < 150; round++) {
            byte[] input = new byte[random.nextInt(2000)];
            random.nextBytes(input);
            byte[] signature = sign(pair, input);
            int length = input.length;
            // Some rounds sign only a prefix of the buffer, as the verifier passes the signing input's length.
            if (round % 3 == 0 && length > 0) {
                length = random.nextInt(length + 1);
                signature = sign(pair, Arrays.copyOf(input, length));
            }
            assertThat(nativeCheck.verify(input, length, signature)).isTrue();
            assertThat(jca.verify(input, length, signature)).isTrue();

            byte[] flipped = signature.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
            assertAgreeAndRefuse(nativeCheck, jca, input, length, flipped);

            if (length > 0) {
                byte[] changed = input.clone();
                changed[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
                assertAgreeAndRefuse(nativeCheck, jca, changed, length, signature);
            }
            // One byte more or less of the buffer is another message.
            if (length < input.length) {
                assertAgreeAndRefuse(nativeCheck, jca, input, length + 1, signature);
            } else if (length > 0) {
                assertAgreeAndRefuse(nativeCheck, jca, input, length - 1, signature);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("keys")
    void refusesWrongLengthsAndValuesOutsideTheModulus(KeyPair pair) throws Exception {
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        Rs256Check nativeCheck = libcrypto().forKey(publicKey);
        Rs256Check jca = Rs256Checks.JCA.forKey(publicKey);
        byte[] input = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0".getBytes(StandardCharsets.US_ASCII);
        byte[] good = sign(pair, input);
        int size = good.length;
        assertAgreeAndRefuse(nativeCheck, jca, input, input.length, Arrays.copyOf(good, size - 1));
        assertAgreeAndRefuse(nativeCheck, jca, input, input.length, Arrays.copyOf(good, size + 1));
        assertAgreeAndRefuse(nativeCheck, jca, input, input.length, new byte[0]);
        BigInteger n = publicKey.getModulus();
        for (BigInteger value : List.of(BigInteger.ZERO, BigInteger.ONE, n.subtract(BigInteger.ONE), n,
                n.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(size * 8).subtract(BigInteger.ONE))) {
            assertAgreeAndRefuse(nativeCheck, jca, input, input.length, fixedLength(value, size));
        }
    }

    @ParameterizedTest
    @MethodSource("keys")
    void agreesWithJcaOnEncodingsMadeByHand(KeyPair pair) throws Exception {
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        Rs256Check nativeCheck = libcrypto().forKey(publicKey);
        Rs256Check jca = Rs256Checks.JCA.forKey(publicKey);
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(input);
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(input);
        int size = (publicKey.getModulus().bitLength() + 7) / 8;

        byte[] right = encode(size, (byte) 1, (byte) 0xff, concat(SHA256_DIGEST_INFO, sha256), 0);
        assertThat(nativeCheck.verify(input, input.length, rawSign(pair, right))).isTrue();
        assertThat(jca.verify(input, input.length, rawSign(pair, right))).isTrue();

        List<byte[]> refused = new ArrayList<>();
        refused.add(encode(size, (byte) 2, (byte) 0xff, concat(SHA256_DIGEST_INFO, sha256), 0));   // block type 2
        refused.add(encode(size, (byte) 1, (byte) 0xfe, concat(SHA256_DIGEST_INFO, sha256), 0));   // padding not 0xff
        refused.add(encode(size, (byte) 1, (byte) 0xff, concat(SHA1_DIGEST_INFO, sha1), 0));       // SHA-1
        refused.add(encode(size, (byte) 1, (byte) 0xff, concat(SHA256_DIGEST_INFO, sha256), 1));   // a byte after the digest
        refused.add(encode(size, (byte) 1, (byte) 0xff, sha256, 0));                               // no DigestInfo
        refused.add(shortPadding(size, concat(SHA256_DIGEST_INFO, sha256)));                      // fewer than 8 padding bytes
        for (byte[] encoded : refused) {
            assertAgreeAndRefuse(nativeCheck, jca, input, input.length, rawSign(pair, encoded));
        }
        // DigestInfo without the NULL parameters: the one place they differ. The JDK accepts it (RFC 8017
        // §9.2 note 2 asks verifiers to), libcrypto refuses it. Refusing more costs nothing here: KMS
        // signs with the NULL present (the standard encoding above), so no Cognate token has this form.
        byte[] noNull = rawSign(pair, encode(size, (byte) 1, (byte) 0xff, concat(SHA256_DIGEST_INFO_NO_NULL, sha256), 0));
        assertThat(jca.verify(input, input.length, noNull)).as("JCA").isTrue();
        assertThat(nativeCheck.verify(input, input.length, noNull)).as("libcrypto").isFalse();
    }

    @Test
    void threadsEachGetTheirOwnContext() throws Exception {
        Rs256Check nativeCheck = libcrypto().forKey((RSAPublicKey) key2048.getPublic());
        byte[] input = new byte[700];
        random.nextBytes(input);
        byte[] good = sign(key2048, input);
        byte[] bad = good.clone();
        bad[10] ^= 1;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 300; i++) {
                        boolean valid = (i % 2 == 0);
                        if (nativeCheck.verify(input, input.length, valid ? good : bad) != valid) {
                            wrong++;
                        }
                    }
                    return wrong;
                });
            }
            for (Future<Integer> answer : pool.invokeAll(work)) {
                assertThat(answer.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertAgreeAndRefuse(Rs256Check nativeCheck, Rs256Check jca, byte[] input, int length, byte[] signature) {
        assertThat(jca.verify(input, length, signature)).as("JCA").isFalse();
        assertThat(nativeCheck.verify(input, length, signature)).as("libcrypto").isFalse();
    }

    private static byte[] sign(KeyPair pair, byte[] input) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(input);
        return signer.sign();
    }

    /** The raw RSA private operation on an encoded block: signatures with whatever padding a test wants. */
    private static byte[] rawSign(KeyPair pair, byte[] encoded) throws Exception {
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, (RSAPrivateKey) pair.getPrivate());
        return raw.doFinal(encoded);
    }

    /** 00 || type || padding bytes || 00 || payload || trailing zero bytes, {@code size} bytes in all. */
    private static byte[] encode(int size, byte type, byte pad, byte[] payload, int trailing) {
        byte[] block = new byte[size];
        block[1] = type;
        int paddingEnd = size - payload.length - trailing - 1;
        Arrays.fill(block, 2, paddingEnd, pad);
        System.arraycopy(payload, 0, block, paddingEnd + 1, payload.length);
        return block;
    }

    /** 00…00 01 FF×4 00 payload: too little padding, the block filled with leading zero bytes. */
    private static byte[] shortPadding(int size, byte[] payload) {
        byte[] block = new byte[size];
        int start = size - payload.length - 6;
        block[start] = 1;
        Arrays.fill(block, start + 1, start + 5, (byte) 0xff);
        System.arraycopy(payload, 0, block, size - payload.length, payload.length);
        return block;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] fixedLength(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > size) {
            bytes = Arrays.copyOfRange(bytes, bytes.length - size, bytes.length);
        }
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, size - bytes.length, bytes.length);
        return out;
    }
}
