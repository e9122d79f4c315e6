package io.cognate.bench.rsa;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * The RS256 check (RSASSA-PKCS1-v1_5 with SHA-256, RFC 8017 §8.2.2) for an RSA public key whose
 * exponent is 65537, by Montgomery multiplication, without JCA.
 *
 * <p>Why: JCA's public-key operation is {@code BigInteger.modPow}, which on every call converts
 * the signature into Montgomery form by dividing a 4096-bit number by the 2048-bit modulus
 * (about 8 µs of its 26–28 µs here) and allocates several intermediate numbers. Here what
 * depends only on the key is computed once, when the verifier is built ({@code -n⁻¹},
 * {@code R² mod n}, the padded block above the digest), and a verification is one Montgomery
 * multiplication into Montgomery form, 16 squarings, one multiplication by the signature
 * (which also leaves Montgomery form), and a comparison of the whole encoded block with the one
 * expected, in constant time. The decrypted block is never parsed, so there is no padding parser
 * to fool (the Bleichenbacher-style forgeries against lenient PKCS#1 v1.5 parsers need one).
 *
 * <p>Numbers are held as {@value #DIGIT_BITS}-bit digits in {@code long}s (76 digits for 2048
 * bits), not as full 64-bit limbs: a product of two digits takes 54 bits, so a row of the
 * multiplication adds {@code a[j]·b[i] + n[j]·m} into each accumulator with no carry between
 * neighbours, and JDK 25's JIT turns that loop into AVX-512 vector code (JDK 17's does not).
 * On the 2-core AMD EPYC this was measured on (docs/performance.md), the same algorithm on 64-bit
 * limbs with {@code Math.unsignedMultiplyHigh} and explicit carries took 48 µs against JCA's
 * 28 µs; the digit form takes 0.93–0.94 of JCA's time on JDK 25 and 1.9 times it on JDK 17.
 * That is why it stays a measured candidate here and {@code TokenVerifier} keeps JCA: the Lambda
 * runtime is Java 21, where it was not measured, and 6 % on JDK 25 does not pay for a second RSA
 * implementation on the authorization path. Carries are resolved once per multiplication. With
 * R = 2^(27·digits) above 4n, each result stays below 2n without a conditional subtraction
 * (Walter, 1999); the one subtraction is at the end.
 *
 * <p>No dedicated squaring: halving the cross products needs rows that add at a moving offset,
 * which the JIT leaves scalar (see {@link #multiply}), so a square is a multiplication.
 *
 * <p>Immutable and thread-safe: each call works in arrays of its own (about 2.5 KB for 2048 bits).
 * Keys of other exponents or sizes get no instance ({@link #forKey}); the caller uses JCA.
 */
public final class MontgomeryRs256Key {
    /** Cognate signs with KMS RSA_2048 keys; keys up to 4096 bits are handled, smaller ones are left to JCA. */
    public static final int MIN_MODULUS_BITS = 2048;
    public static final int MAX_MODULUS_BITS = 4096;
    /**
     * Digit size. The accumulators must hold the sum of one row's two products per row, at most
     * {@code digits} rows: 152 · 2^55 &lt; 2^63 for 4096-bit keys, so nothing overflows.
     */
    static final int DIGIT_BITS = 27;
    private static final long DIGIT_MASK = (1L << DIGIT_BITS) - 1;
    private static final BigInteger F4 = BigInteger.valueOf(65537);
    /** DER DigestInfo prefix for SHA-256 (RFC 8017 §9.2, note 1). */
    private static final byte[] SHA256_DIGEST_INFO = {
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    private static final int SHA256_LENGTH = 32;
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final int length;
    private final int digits;
    private final long[] modulus;
    /** Modulus as 64-bit limbs, to refuse a signature representative not below it. */
    private final long[] modulusLimbs;
    /** {@code -n⁻¹ mod 2^27}: the multiple of n that clears the lowest digit in one row. */
    private final long inverse;
    /** {@code R² mod n}: one Montgomery multiplication by it enters Montgomery form. */
    private final long[] rSquared;
    /** The expected encoded block {@code 00 01 FF…FF 00 DigestInfo H} with H = 0, in digits. */
    private final long[] paddedPrefix;

    private MontgomeryRs256Key(BigInteger n) {
        this.length = (n.bitLength() + 7) / 8;
        // Two spare bits: R > 4n keeps every Montgomery result below 2n.
        this.digits = (n.bitLength() + 2 + DIGIT_BITS - 1) / DIGIT_BITS;
        this.modulus = toDigits(n, digits);
        this.modulusLimbs = fromBigEndian(toBytes(n, length));
        this.inverse = negativeInverse(n.longValue()) & DIGIT_MASK;
        this.rSquared = toDigits(BigInteger.ONE.shiftLeft(2 * DIGIT_BITS * digits).mod(n), digits);
        byte[] block = new byte[length];
        block[1] = 0x01;
        int digestInfoAt = length - SHA256_DIGEST_INFO.length - SHA256_LENGTH;
        Arrays.fill(block, 2, digestInfoAt - 1, (byte) 0xff);
        System.arraycopy(SHA256_DIGEST_INFO, 0, block, digestInfoAt, SHA256_DIGEST_INFO.length);
        this.paddedPrefix = toDigits(new BigInteger(1, block), digits);
    }

    /** The fast path for this key, or empty when its exponent is not 65537 or its size is out of range. */
    public static Optional<MontgomeryRs256Key> forKey(RSAPublicKey key) {
        BigInteger n = key.getModulus();
        if (!F4.equals(key.getPublicExponent()) || n.signum() <= 0 || !n.testBit(0)
                || n.bitLength() < MIN_MODULUS_BITS || n.bitLength() > MAX_MODULUS_BITS) {
            return Optional.empty();
        }
        return Optional.of(new MontgomeryRs256Key(n));
    }

    /** The signature's length in bytes: that of the modulus (RFC 8017 §8.2.2 step 1). */
    public int signatureLength() {
        return length;
    }

    /**
     * True when {@code signature} is the RS256 signature of the message whose SHA-256 is
     * {@code sha256}: {@code signature^65537 mod n} equals the expected encoded block exactly.
     */
    public boolean verify(byte[] signature, byte[] sha256) {
        if (signature.length != length || sha256.length != SHA256_LENGTH) {
            return false;
        }
        long[] limbs = fromBigEndian(signature);
        if (!lessThan(limbs, modulusLimbs)) {
            // RFC 8017 §5.2.2: a representative outside [0, n-1] is refused, as JCA refuses it.
            return false;
        }
        long[] s = limbsToDigits(limbs, digits);
        long[] accumulator = new long[digits];
        long[] x = new long[digits];
        long[] y = new long[digits];
        multiply(s, rSquared, accumulator, x);          // x = s·R mod n
        for (int i = 0; i < 8; i++) {                   // 16 squarings: x = s^65536·R mod n
            multiply(x, x, accumulator, y);
            multiply(y, y, accumulator, x);
        }
        multiply(x, s, accumulator, y);                 // y = s^65537 mod n, below 2n
        subtractModulusIfNotBelow(y);

        long[] digest = limbsToDigits(fromBigEndian(sha256), digits);
        long difference = 0;
        for (int i = 0; i < digits; i++) {
            // The digest fills the low 256 bits, where the prefix is zero: their digits combine by OR.
            difference |= y[i] ^ (paddedPrefix[i] | digest[i]);
        }
        return difference == 0;
    }

    /**
     * out = a·b·R⁻¹ mod n, below 2n, for a and b below 2n in normalized digits. One row per digit
     * of b: add a·b[i] + n·m, with m chosen so the lowest digit becomes zero, and shift down one
     * digit. The row's loop reads index j and writes j − 1 of the same array, which the JIT
     * vectorizes; writing at a moving offset instead was left scalar (measured 1.5–2.4× JCA).
     */
    private void multiply(long[] a, long[] b, long[] acc, long[] out) {
        int k = digits;
        long[] n = modulus;
        long a0 = a[0];
        long n0 = n[0];
        Arrays.fill(acc, 0L);
        for (int i = 0; i < k; i++) {
            long bi = b[i];
            long low = acc[0] + a0 * bi;
            long m = (low * inverse) & DIGIT_MASK;
            long carry = (low + n0 * m) >>> DIGIT_BITS;
            for (int j = 1; j < k; j++) {
                acc[j - 1] = acc[j] + a[j] * bi + n[j] * m;
            }
            acc[k - 1] = 0;
            acc[0] += carry;
        }
        long carry = 0;
        for (int j = 0; j < k; j++) {
            long v = acc[j] + carry;
            out[j] = v & DIGIT_MASK;
            carry = v >>> DIGIT_BITS;
        }
    }

    /** y = y − n when y ≥ n (y is below 2n, in normalized digits). */
    private void subtractModulusIfNotBelow(long[] y) {
        long[] difference = new long[digits];
        long borrow = 0;
        for (int i = 0; i < digits; i++) {
            long d = y[i] - modulus[i] - borrow;
            difference[i] = d & DIGIT_MASK;
            borrow = d >>> 63;
        }
        if (borrow == 0) {
            System.arraycopy(difference, 0, y, 0, digits);
        }
    }

    private static boolean lessThan(long[] a, long[] b) {
        for (int i = a.length - 1; i >= 0; i--) {
            if (a[i] != b[i]) {
                return Long.compareUnsigned(a[i], b[i]) < 0;
            }
        }
        return false;
    }

    /** -x⁻¹ mod 2⁶⁴ for odd x, by Newton's iteration (each step doubles the correct low bits). */
    static long negativeInverse(long x) {
        long y = x; // x·x ≡ 1 mod 8: correct to 3 bits
        for (int i = 0; i < 5; i++) {
            y *= 2 - x * y;
        }
        return -y;
    }

    private static long[] toDigits(BigInteger value, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = value.shiftRight(DIGIT_BITS * i).longValue() & DIGIT_MASK;
        }
        return out;
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int copied = Math.min(length, bytes.length);
        System.arraycopy(bytes, bytes.length - copied, out, length - copied, copied);
        return out;
    }

    /** Little-endian 64-bit limbs into {@code count} digits (bits beyond them must be zero). */
    private static long[] limbsToDigits(long[] limbs, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            int bit = DIGIT_BITS * i;
            int limb = bit >>> 6;
            int shift = bit & 63;
            if (limb >= limbs.length) {
                break;
            }
            long value = limbs[limb] >>> shift;
            if (shift > 64 - DIGIT_BITS && limb + 1 < limbs.length) {
                value |= limbs[limb + 1] << (64 - shift);
            }
            out[i] = value & DIGIT_MASK;
        }
        return out;
    }

    /** Big-endian bytes as little-endian 64-bit limbs. */
    private static long[] fromBigEndian(byte[] bytes) {
        int full = bytes.length / 8;
        int rest = bytes.length - 8 * full;
        long[] out = new long[full + (rest > 0 ? 1 : 0)];
        for (int i = 0; i < full; i++) {
            out[i] = (long) BIG_ENDIAN_LONG.get(bytes, bytes.length - 8 * (i + 1));
        }
        long top = 0;
        for (int i = 0; i < rest; i++) {
            top = (top << 8) | (bytes[i] & 0xffL);
        }
        if (rest > 0) {
            out[full] = top;
        }
        return out;
    }
}
