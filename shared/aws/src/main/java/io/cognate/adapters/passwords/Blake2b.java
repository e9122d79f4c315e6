package io.cognate.adapters.passwords;

import java.util.Arrays;

/**
 * BLAKE2b (RFC 7693) without a key, for {@link Argon2}: its H0 and its variable-length hash H'
 * (RFC 9106 §3.2, §3.3). The JDK has no BLAKE2b. One instance is reused across hashes (reset by
 * {@link #init}); it holds 28 longs and a 128-byte buffer, so a hash allocates nothing.
 *
 * <p>Not thread-safe: each {@link Argon2} work area owns one.
 */
final class Blake2b {
    static final int BLOCK_BYTES = 128;
    static final int MAX_OUTPUT_BYTES = 64;

    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L,
    };

    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    };

    private final long[] h = new long[8];
    private final long[] m = new long[16];
    private final long[] v = new long[16];
    private final byte[] buffer = new byte[BLOCK_BYTES];
    private final byte[] four = new byte[4];
    private int buffered;
    private long counter;
    private int outputBytes;

    /** Starts a hash of {@code outputBytes} (1 to 64) bytes. */
    void init(int outputBytes) {
        if (outputBytes < 1 || outputBytes > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException("BLAKE2b output length must be 1 to 64 bytes");
        }
        System.arraycopy(IV, 0, h, 0, 8);
        h[0] ^= 0x01010000L ^ outputBytes; // parameter block: digest length, no key, fanout 1, depth 1
        this.outputBytes = outputBytes;
        buffered = 0;
        counter = 0;
    }

    void update(byte[] input) {
        update(input, 0, input.length);
    }

    void update(byte[] input, int offset, int length) {
        while (length > 0) {
            // The last block is compressed with the final flag: keep a full block buffered until more comes.
            if (buffered == BLOCK_BYTES) {
                counter += BLOCK_BYTES;
                compress(buffer, 0, false);
                buffered = 0;
            }
            int n = Math.min(length, BLOCK_BYTES - buffered);
            System.arraycopy(input, offset, buffer, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
        }
    }

    /** Appends {@code value} as four little-endian bytes, as Argon2 encodes every length and parameter. */
    void updateLittleEndianInt(int value) {
        four[0] = (byte) value;
        four[1] = (byte) (value >>> 8);
        four[2] = (byte) (value >>> 16);
        four[3] = (byte) (value >>> 24);
        update(four, 0, 4);
    }

    /** Writes the digest ({@code outputBytes} long) to {@code out} at {@code offset}. */
    void digest(byte[] out, int offset) {
        counter += buffered;
        Arrays.fill(buffer, buffered, BLOCK_BYTES, (byte) 0);
        compress(buffer, 0, true);
        for (int i = 0; i < outputBytes; i++) {
            out[offset + i] = (byte) (h[i >>> 3] >>> (8 * (i & 7)));
        }
    }

    private void compress(byte[] block, int offset, boolean last) {
        for (int i = 0; i < 16; i++) {
            m[i] = littleEndianLong(block, offset + 8 * i);
        }
        System.arraycopy(h, 0, v, 0, 8);
        System.arraycopy(IV, 0, v, 8, 8);
        v[12] ^= counter; // inputs here stay far below 2^64 bytes: the high counter word stays zero
        if (last) {
            v[14] = ~v[14];
        }
        for (int round = 0; round < 12; round++) {
            byte[] s = SIGMA[round];
            mix(0, 4, 8, 12, m[s[0]], m[s[1]]);
            mix(1, 5, 9, 13, m[s[2]], m[s[3]]);
            mix(2, 6, 10, 14, m[s[4]], m[s[5]]);
            mix(3, 7, 11, 15, m[s[6]], m[s[7]]);
            mix(0, 5, 10, 15, m[s[8]], m[s[9]]);
            mix(1, 6, 11, 12, m[s[10]], m[s[11]]);
            mix(2, 7, 8, 13, m[s[12]], m[s[13]]);
            mix(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    private void mix(int a, int b, int c, int d, long x, long y) {
        v[a] = v[a] + v[b] + x;
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] = v[c] + v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] = v[a] + v[b] + y;
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }

    static long littleEndianLong(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
                | (b[i + 7] & 0xFFL) << 56;
    }
}
