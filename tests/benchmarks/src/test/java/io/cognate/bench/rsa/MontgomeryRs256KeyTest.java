package io.cognate.bench.rsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The e = 65537 fast path gives JCA's {@code SHA256withRSA} answer, signature by signature:
 * random keys of several sizes (including moduli whose top 64-bit limb or top digit holds only
 * a few bits), random messages, valid signatures and every kind of invalid one. Keys come from
 * a seeded generator, so a failure names a key that can be made again.
 */
class MontgomeryRs256KeyTest {
    /** 2048 (what Cognate signs with), lengths whose top limb or digit is nearly empty, 3072 and 4096. */
    private static final int[] SIZES = {2048, 2049, 2050, 2056, 2079, 2105, 3072, 4096};
    private static final Map<Integer, KeyPair> KEYS = new HashMap<>();

    static synchronized KeyPair key(int bits, BigInteger exponent) {
        return KEYS.computeIfAbsent(bits * 31 + exponent.intValue(), ignored -> {
            try {
                SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
                seeded.setSeed(bits * 1_000_003L + exponent.longValue());
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(new RSAKeyGenParameterSpec(bits, exponent), seeded);
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static KeyPair key(int bits) {
        return key(bits, RSAKeyGenParameterSpec.F4);
    }

    static byte[] sign(KeyPair keys, byte[] message) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(keys.getPrivate());
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JCA's verdict; an exception (wrong length, representative too large) counts as a refusal. */
    static boolean jca(KeyPair keys, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(keys.getPublic());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static boolean fast(KeyPair keys, byte[] message, byte[] signature) {
        try {
            MontgomeryRs256Key key = MontgomeryRs256Key.forKey((RSAPublicKey) keys.getPublic()).orElseThrow();
            return key.verify(signature, MessageDigest.getInstance("SHA-256").digest(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.of(Arrays.stream(SIZES).boxed().toList());
    }

    @Property(tries = 300)
    void acceptsEveryValidSignatureAsJcaDoes(@ForAll("sizes") int bits, @ForAll @Size(max = 2000) byte[] message) {
        KeyPair keys = key(bits);
        byte[] signature = sign(keys, message);

        assertThat(jca(keys, message, signature)).isTrue();
        assertThat(fast(keys, message, signature)).isTrue();
    }

    @Property(tries = 300)
    void refusesASignatureWithAnyOneBitFlippedAsJcaDoes(@ForAll("sizes") int bits, @ForAll @Size(max = 300) byte[] message,
                                                         @ForAll @IntRange(max = 1 << 15) int where) {
        KeyPair keys = key(bits);
        byte[] signature = sign(keys, message);
        int bit = where % (8 * signature.length);
        signature[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThat(fast(keys, message, signature)).isEqualTo(jca(keys, message, signature)).isFalse();
    }

    @Property(tries = 200)
    void refusesAValidSignatureOverAnotherMessage(@ForAll("sizes") int bits, @ForAll @Size(max = 300) byte[] message,
                                                  @ForAll @Size(min = 1, max = 300) byte[] other) {
        KeyPair keys = key(bits);
        byte[] signature = sign(keys, message);
        byte[] changed = Arrays.copyOf(message, message.length + other.length);
        System.arraycopy(other, 0, changed, message.length, other.length);

        assertThat(fast(keys, changed, signature)).isEqualTo(jca(keys, changed, signature)).isFalse();
    }

    /** Any number as a signature (mostly garbage, some just below or above n): the same verdict as JCA. */
    @Property(tries = 300)
    void givesJcasVerdictOnArbitrarySignatureValues(@ForAll("sizes") int bits, @ForAll @Size(max = 100) byte[] message,
                                                     @ForAll @IntRange(min = -3, max = 3) int offsetFromModulus,
                                                     @ForAll boolean nearModulus, @ForAll long seed) {
        KeyPair keys = key(bits);
        BigInteger n = ((RSAPublicKey) keys.getPublic()).getModulus();
        BigInteger value = nearModulus ? n.add(BigInteger.valueOf(offsetFromModulus))
                : new BigInteger(n.bitLength(), new Random(seed));
        byte[] signature = fixedLength(value, (n.bitLength() + 7) / 8);

        assertThat(fast(keys, message, signature)).isEqualTo(jca(keys, message, signature)).isFalse();
    }

    @Example
    void refusesZeroOneNMinusOneNAndAboveForEverySize() {
        byte[] message = "header.payload".getBytes();
        for (int bits : SIZES) {
            KeyPair keys = key(bits);
            BigInteger n = ((RSAPublicKey) keys.getPublic()).getModulus();
            int length = (bits + 7) / 8;
            for (BigInteger value : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, n.subtract(BigInteger.ONE), n,
                    n.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(8 * length).subtract(BigInteger.ONE)}) {
                byte[] signature = fixedLength(value, length);
                assertThat(fast(keys, message, signature)).as("%d bits, %s", bits, value).isFalse();
                assertThat(jca(keys, message, signature)).as("%d bits, %s", bits, value).isFalse();
            }
        }
    }

    @Example
    void refusesSignaturesOfTheWrongLength() {
        KeyPair keys = key(2048);
        byte[] message = "header.payload".getBytes();
        byte[] signature = sign(keys, message);
        byte[] withLeadingZero = new byte[signature.length + 1];
        System.arraycopy(signature, 0, withLeadingZero, 1, signature.length);

        assertThat(fast(keys, message, signature)).isTrue();
        assertThat(fast(keys, message, withLeadingZero)).isFalse();
        assertThat(fast(keys, message, Arrays.copyOf(signature, signature.length - 1))).isFalse();
        assertThat(fast(keys, message, Arrays.copyOfRange(signature, 1, signature.length))).isFalse();
        assertThat(fast(keys, message, new byte[0])).isFalse();
        assertThat(jca(keys, message, withLeadingZero)).isFalse();
    }

    /** A signature whose first bytes are zero is still the modulus's length, and valid. */
    @Example
    void acceptsSignaturesThatStartWithZeroBytes() {
        KeyPair keys = key(2048);
        int found = 0;
        for (int i = 0; i < 20_000 && found < 2; i++) {
            byte[] message = ("message " + i).getBytes();
            byte[] signature = sign(keys, message);
            if (signature[0] == 0) {
                found++;
                assertThat(fast(keys, message, signature)).as("message %d", i).isTrue();
                assertThat(jca(keys, message, signature)).isTrue();
            }
        }
        assertThat(found).as("signatures found with a leading zero byte").isEqualTo(2);
    }

    @Example
    void leavesOtherExponentsAndSizesToJca() throws GeneralSecurityException {
        assertThat(MontgomeryRs256Key.forKey((RSAPublicKey) key(2048, BigInteger.valueOf(3)).getPublic())).isEmpty();
        assertThat(MontgomeryRs256Key.forKey(publicKey(2048, 65539))).isEmpty();
        assertThat(MontgomeryRs256Key.forKey(publicKey(1024, 65537))).isEmpty();
        assertThat(MontgomeryRs256Key.forKey(publicKey(2047, 65537))).isEmpty();
        assertThat(MontgomeryRs256Key.forKey(publicKey(4097, 65537))).isEmpty();
        assertThat(MontgomeryRs256Key.forKey(publicKey(2048, 65537))).isPresent();
        assertThat(MontgomeryRs256Key.forKey(publicKey(4096, 65537))).isPresent();
    }

    /** A public key of exactly this size (odd modulus, no known factors): enough to choose a path. */
    private static RSAPublicKey publicKey(int bits, long exponent) throws GeneralSecurityException {
        BigInteger modulus = new BigInteger(bits, new Random(bits)).setBit(bits - 1).setBit(0);
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(exponent)));
    }

    @Example
    void negativeInverseTimesTheNumberIsMinusOne() {
        for (long odd : new long[] {1, 3, 65537, 0xFFFF_FFFF_FFFF_FFFFL, 0x8000_0000_0000_0001L, 0x1234_5678_9ABC_DEF1L}) {
            assertThat(odd * MontgomeryRs256Key.negativeInverse(odd)).isEqualTo(-1L);
        }
    }

    private static byte[] fixedLength(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int copied = Math.min(length, bytes.length);
        System.arraycopy(bytes, bytes.length - copied, out, length - copied, copied);
        return out;
    }
}
