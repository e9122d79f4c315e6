package io.cognate.adapters.passwords;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2 (RFC 9106: Argon2d, Argon2i and Argon2id, versions 0x10 and 0x13) on one thread, in a
 * work area that is reused from one hash to the next: its blocks are one {@code long[]} of
 * 128 longs per KiB of memory cost, kept in a small pool ({@link WorkAreas}) and wiped after
 * every hash. password4j allocated about 97 MiB per check at m=19 MiB (five times the memory
 * cost); a check here allocates a few hundred bytes once its work area exists.
 *
 * <p>Lanes are filled one after another on the calling thread: within a slice no lane reads
 * another lane's current segment, so the order gives the result that p threads would. Sign-in
 * uses p=1, so no parallelism is lost where it matters.
 */
final class Argon2 {
    enum Type {
        D(0, "argon2d"), I(1, "argon2i"), ID(2, "argon2id");

        final int code;
        final String phcName;

        Type(int code, String phcName) {
            this.code = code;
            this.phcName = phcName;
        }
    }

    static final int VERSION_10 = 0x10;
    static final int VERSION_13 = 0x13;
    static final int BLOCK_LONGS = 128; // one 1 KiB block
    private static final int BLOCK_BYTES = 1024;
    private static final int SYNC_POINTS = 4;
    private static final int PREHASH_BYTES = 64;

    private Argon2() {
    }

    /**
     * The tag of {@code password} under these parameters (RFC 9106 §3). Parameters are checked by
     * the caller ({@link Argon2PhcHash} bounds them); {@code secret} and {@code associatedData}
     * may be empty.
     */
    static byte[] hash(Type type, int version, int memoryKiB, int iterations, int parallelism, byte[] password,
            byte[] salt, byte[] secret, byte[] associatedData, int tagLength) {
        WorkArea area = WorkAreas.take(memoryKiB, parallelism);
        try {
            return area.hash(type, version, memoryKiB, iterations, parallelism, password, salt, secret,
                    associatedData, tagLength);
        } finally {
            WorkAreas.give(area);
        }
    }

    /** The blocks {@code memoryKiB} and {@code parallelism} really use (RFC 9106: m' = 4p * floor(m / 4p), at least 8p). */
    static int memoryBlocks(int memoryKiB, int parallelism) {
        int blocks = Math.max(memoryKiB, 2 * SYNC_POINTS * parallelism);
        return blocks / (SYNC_POINTS * parallelism) * (SYNC_POINTS * parallelism);
    }

    /**
     * Work areas kept for reuse. A pool, not a {@code ThreadLocal}: the local runtime serves each
     * request on a new virtual thread, where a thread-local area would be garbage after one check.
     * It keeps at most {@link #KEPT} areas of at most {@link #KEPT_MAX_KIB} KiB of blocks each, so
     * what it holds is bounded (19 MiB per check that ever ran at once, up to 4 × 19 MiB = 76 MiB);
     * a check beyond that, or asking for more memory, gets a work area of its own that the
     * collector takes back afterwards.
     */
    static final class WorkAreas {
        /** Lambda runs one request at a time per environment; the local runtime runs a few on two cores. */
        static final int KEPT = 4;
        /** Sign-in's memory cost (19 MiB): larger imported hashes are checked but not kept for. */
        static final int KEPT_MAX_KIB = 19 * 1024;
        private static final ConcurrentLinkedQueue<WorkArea> IDLE = new ConcurrentLinkedQueue<>();
        private static final AtomicInteger IDLE_COUNT = new AtomicInteger();

        private WorkAreas() {
        }

        static WorkArea take(int memoryKiB, int parallelism) {
            int blocks = memoryBlocks(memoryKiB, parallelism);
            WorkArea area = IDLE.poll();
            if (area == null) {
                area = new WorkArea();
            } else {
                IDLE_COUNT.decrementAndGet();
            }
            area.ensureBlocks(blocks);
            return area;
        }

        static void give(WorkArea area) {
            if (area.blockCount() > KEPT_MAX_KIB) {
                area.dropBlocks();
            }
            if (IDLE_COUNT.incrementAndGet() <= KEPT) {
                IDLE.offer(area);
            } else {
                IDLE_COUNT.decrementAndGet();
            }
        }

        /** How many idle work areas are kept now (for tests and the sizing tool). */
        static int idle() {
            return IDLE_COUNT.get();
        }
    }

    /** One hash's state: the blocks and the scratch the compression function needs. Not thread-safe. */
    static final class WorkArea {
        private long[] memory = new long[0];
        private final long[] r = new long[BLOCK_LONGS];
        private final long[] zero = new long[BLOCK_LONGS];
        private final long[] input = new long[BLOCK_LONGS];
        private final long[] address = new long[BLOCK_LONGS];
        private final byte[] blockBytes = new byte[BLOCK_BYTES];
        private final byte[] prehash = new byte[PREHASH_BYTES + 8];
        private final byte[] chain = new byte[Blake2b.MAX_OUTPUT_BYTES];
        private final Blake2b blake2b = new Blake2b();

        void ensureBlocks(int blocks) {
            if (memory.length < blocks * BLOCK_LONGS) {
                memory = new long[blocks * BLOCK_LONGS];
            }
        }

        int blockCount() {
            return memory.length / BLOCK_LONGS;
        }

        void dropBlocks() {
            memory = new long[0];
        }

        byte[] hash(Type type, int version, int memoryKiB, int iterations, int lanes, byte[] password,
                byte[] salt, byte[] secret, byte[] associatedData, int tagLength) {
            int memoryBlocks = memoryBlocks(memoryKiB, lanes);
            int laneLength = memoryBlocks / lanes;
            int segmentLength = laneLength / SYNC_POINTS;
            try {
                // H0 (RFC 9106 §3.2): the parameters as given, the adjusted block count only in addressing.
                Blake2b h = blake2b;
                h.init(PREHASH_BYTES);
                h.updateLittleEndianInt(lanes);
                h.updateLittleEndianInt(tagLength);
                h.updateLittleEndianInt(memoryKiB);
                h.updateLittleEndianInt(iterations);
                h.updateLittleEndianInt(version);
                h.updateLittleEndianInt(type.code);
                h.updateLittleEndianInt(password.length);
                h.update(password);
                h.updateLittleEndianInt(salt.length);
                h.update(salt);
                h.updateLittleEndianInt(secret.length);
                h.update(secret);
                h.updateLittleEndianInt(associatedData.length);
                h.update(associatedData);
                h.digest(prehash, 0);

                for (int lane = 0; lane < lanes; lane++) {
                    for (int column = 0; column < 2; column++) {
                        putLittleEndianInt(prehash, PREHASH_BYTES, column);
                        putLittleEndianInt(prehash, PREHASH_BYTES + 4, lane);
                        variableLengthHash(prehash, prehash.length, blockBytes, BLOCK_BYTES);
                        int at = (lane * laneLength + column) * BLOCK_LONGS;
                        for (int i = 0; i < BLOCK_LONGS; i++) {
                            memory[at + i] = Blake2b.littleEndianLong(blockBytes, 8 * i);
                        }
                    }
                }

                for (int pass = 0; pass < iterations; pass++) {
                    for (int slice = 0; slice < SYNC_POINTS; slice++) {
                        for (int lane = 0; lane < lanes; lane++) {
                            fillSegment(type, version, iterations, memoryBlocks, lanes, laneLength, segmentLength,
                                    pass, slice, lane);
                        }
                    }
                }

                // The final block: the XOR of every lane's last block.
                int last = (laneLength - 1) * BLOCK_LONGS;
                System.arraycopy(memory, last, r, 0, BLOCK_LONGS);
                for (int lane = 1; lane < lanes; lane++) {
                    int at = (lane * laneLength + laneLength - 1) * BLOCK_LONGS;
                    for (int i = 0; i < BLOCK_LONGS; i++) {
                        r[i] ^= memory[at + i];
                    }
                }
                for (int i = 0; i < BLOCK_LONGS; i++) {
                    putLittleEndianLong(blockBytes, 8 * i, r[i]);
                }
                byte[] tag = new byte[tagLength];
                variableLengthHash(blockBytes, BLOCK_BYTES, tag, tagLength);
                return tag;
            } finally {
                // As the C reference does: nothing derived from the password stays in the kept blocks.
                //NOWIPE
                Arrays.fill(r, 0L);
                Arrays.fill(blockBytes, (byte) 0);
                Arrays.fill(prehash, (byte) 0);
                Arrays.fill(chain, (byte) 0);
            }
        }

        private void fillSegment(Type type, int version, int iterations, int memoryBlocks, int lanes, int laneLength,
                int segmentLength, int pass, int slice, int lane) {
            boolean dataIndependent = type == Type.I || (type == Type.ID && pass == 0 && slice < SYNC_POINTS / 2);
            if (dataIndependent) {
                Arrays.fill(input, 0L);
                input[0] = pass;
                input[1] = lane;
                input[2] = slice;
                input[3] = memoryBlocks;
                input[4] = iterations;
                input[5] = type.code;
            }
            int start = 0;
            if (pass == 0 && slice == 0) {
                start = 2; // the first two blocks of each lane come from H0
                if (dataIndependent) {
                    nextAddresses();
                }
            }
            long[] mem = memory;
            int laneStart = lane * laneLength;
            int current = laneStart + slice * segmentLength + start;
            int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
            boolean xorInto = version != VERSION_10 && pass > 0;
            int indexInLane = slice * segmentLength + start;
            for (int i = start; i < segmentLength; i++, current++, previous++, indexInLane++) {
                if (indexInLane == 1) {
                    previous = current - 1;
                }
                long pseudoRandom;
                if (dataIndependent) {
                    if (i % BLOCK_LONGS == 0) {
                        nextAddresses();
                    }
                    pseudoRandom = address[i % BLOCK_LONGS];
                } else {
                    pseudoRandom = mem[previous * BLOCK_LONGS];
                }
                int referenceLane = lanes == 1 ? 0 : (int) ((pseudoRandom >>> 32) % lanes);
                if (pass == 0 && slice == 0) {
                    referenceLane = lane;
                }
                int referenceIndex = referenceIndex(pass, slice, i, laneLength, segmentLength,
                        pseudoRandom & 0xFFFFFFFFL, referenceLane == lane);
                int reference = referenceLane * laneLength + referenceIndex;
                fillBlock(mem, previous * BLOCK_LONGS, mem, reference * BLOCK_LONGS, mem, current * BLOCK_LONGS,
                        xorInto);
            }
        }

        /** RFC 9106 §3.4.1.2: maps J1 onto the blocks this one may reference. */
        private static int referenceIndex(int pass, int slice, int index, int laneLength, int segmentLength,
                long j1, boolean sameLane) {
            long areaSize;
            if (pass == 0) {
                if (slice == 0) {
                    areaSize = index - 1;
                } else if (sameLane) {
                    areaSize = (long) slice * segmentLength + index - 1;
                } else {
                    areaSize = (long) slice * segmentLength + (index == 0 ? -1 : 0);
                }
            } else if (sameLane) {
                areaSize = laneLength - segmentLength + index - 1;
            } else {
                areaSize = laneLength - segmentLength + (index == 0 ? -1 : 0);
            }
            long x = (j1 * j1) >>> 32;
            long relative = areaSize - 1 - ((areaSize * x) >>> 32);
            long startPosition = 0;
            if (pass != 0) {
                startPosition = slice == SYNC_POINTS - 1 ? 0 : (long) (slice + 1) * segmentLength;
            }
            long position = startPosition + relative; // both below laneLength: at most one wrap
            return (int) (position >= laneLength ? position - laneLength : position);
        }

        /** The next 128 pseudo-random addresses of Argon2i's (and Argon2id's first half pass's) indexing. */
        private void nextAddresses() {
            input[6]++;
            fillBlock(zero, 0, input, 0, address, 0, false);
            fillBlock(zero, 0, address, 0, address, 0, false);
        }

        /**
         * The compression function G (RFC 9106 §3.5): out = P(x ^ y) ^ (x ^ y), XORed into what out
         * held when {@code xorInto} (version 0x13 after the first pass).
         */
        private void fillBlock(long[] x, int xo, long[] y, int yo, long[] out, int oo, boolean xorInto) {
            // R = x ^ y goes to out (or is XORed into it) on the way in, P's row half to r, and P's
            // column half is XORed into out: no copy of the block is made.
            long[] r = this.r;
            for (int row = 0; row < 8; row += 2) {
                rowRound(x, xo, y, yo, out, oo, xorInto, r, row * 16);
            }
            for (int column = 0; column < 8; column += 2) {
                columnRound(r, column * 2, out, oo);
            }
        }

        /** H' (RFC 9106 §3.3): {@code outLength} bytes from {@code in[0, inLength)}. */
        private void variableLengthHash(byte[] in, int inLength, byte[] out, int outLength) {
            Blake2b h = blake2b;
            if (outLength <= Blake2b.MAX_OUTPUT_BYTES) {
                h.init(outLength);
                h.updateLittleEndianInt(outLength);
                h.update(in, 0, inLength);
                h.digest(out, 0);
                return;
            }
            h.init(Blake2b.MAX_OUTPUT_BYTES);
            h.updateLittleEndianInt(outLength);
            h.update(in, 0, inLength);
            h.digest(chain, 0);
            System.arraycopy(chain, 0, out, 0, 32);
            int at = 32;
            int remaining = outLength - 32;
            while (remaining > Blake2b.MAX_OUTPUT_BYTES) {
                h.init(Blake2b.MAX_OUTPUT_BYTES);
                h.update(chain, 0, Blake2b.MAX_OUTPUT_BYTES);
                h.digest(chain, 0);
                System.arraycopy(chain, 0, out, at, 32);
                at += 32;
                remaining -= 32;
            }
            h.init(remaining);
            h.update(chain, 0, Blake2b.MAX_OUTPUT_BYTES);
            h.digest(out, at);
        }
    }

    /**
     * Two rows of P (RFC 9106 §3.6: BLAKE2b's round without message on 16 consecutive words), the
     * rows at o and o + 16, starting from R = x ^ y, which is also written to out. The two rows'
     * G steps are interleaved, in locals, so the CPU has two independent chains to overlap. With the
     * product's doubling written as a shift (C2 then folds it into the add) and no division in the
     * indexing, this took 15–25 % less CPU per check than one row per call in paired runs on
     * these two cores; four rows per call exceed C2's method size limit and run interpreted.
     */
    private static void rowRound(long[] x, int xo, long[] y, int yo, long[] out, int oo, boolean xorInto, long[] r, int o) {
        long v0 = x[xo + o + 0] ^ y[yo + o + 0];
        long v1 = x[xo + o + 1] ^ y[yo + o + 1];
        long v2 = x[xo + o + 2] ^ y[yo + o + 2];
        long v3 = x[xo + o + 3] ^ y[yo + o + 3];
        long v4 = x[xo + o + 4] ^ y[yo + o + 4];
        long v5 = x[xo + o + 5] ^ y[yo + o + 5];
        long v6 = x[xo + o + 6] ^ y[yo + o + 6];
        long v7 = x[xo + o + 7] ^ y[yo + o + 7];
        long v8 = x[xo + o + 8] ^ y[yo + o + 8];
        long v9 = x[xo + o + 9] ^ y[yo + o + 9];
        long v10 = x[xo + o + 10] ^ y[yo + o + 10];
        long v11 = x[xo + o + 11] ^ y[yo + o + 11];
        long v12 = x[xo + o + 12] ^ y[yo + o + 12];
        long v13 = x[xo + o + 13] ^ y[yo + o + 13];
        long v14 = x[xo + o + 14] ^ y[yo + o + 14];
        long v15 = x[xo + o + 15] ^ y[yo + o + 15];
        long w0 = x[xo + o + 16] ^ y[yo + o + 16];
        long w1 = x[xo + o + 17] ^ y[yo + o + 17];
        long w2 = x[xo + o + 18] ^ y[yo + o + 18];
        long w3 = x[xo + o + 19] ^ y[yo + o + 19];
        long w4 = x[xo + o + 20] ^ y[yo + o + 20];
        long w5 = x[xo + o + 21] ^ y[yo + o + 21];
        long w6 = x[xo + o + 22] ^ y[yo + o + 22];
        long w7 = x[xo + o + 23] ^ y[yo + o + 23];
        long w8 = x[xo + o + 24] ^ y[yo + o + 24];
        long w9 = x[xo + o + 25] ^ y[yo + o + 25];
        long w10 = x[xo + o + 26] ^ y[yo + o + 26];
        long w11 = x[xo + o + 27] ^ y[yo + o + 27];
        long w12 = x[xo + o + 28] ^ y[yo + o + 28];
        long w13 = x[xo + o + 29] ^ y[yo + o + 29];
        long w14 = x[xo + o + 30] ^ y[yo + o + 30];
        long w15 = x[xo + o + 31] ^ y[yo + o + 31];
        if (xorInto) {
            out[oo + o + 0] ^= v0;
            out[oo + o + 1] ^= v1;
            out[oo + o + 2] ^= v2;
            out[oo + o + 3] ^= v3;
            out[oo + o + 4] ^= v4;
            out[oo + o + 5] ^= v5;
            out[oo + o + 6] ^= v6;
            out[oo + o + 7] ^= v7;
            out[oo + o + 8] ^= v8;
            out[oo + o + 9] ^= v9;
            out[oo + o + 10] ^= v10;
            out[oo + o + 11] ^= v11;
            out[oo + o + 12] ^= v12;
            out[oo + o + 13] ^= v13;
            out[oo + o + 14] ^= v14;
            out[oo + o + 15] ^= v15;
            out[oo + o + 16] ^= w0;
            out[oo + o + 17] ^= w1;
            out[oo + o + 18] ^= w2;
            out[oo + o + 19] ^= w3;
            out[oo + o + 20] ^= w4;
            out[oo + o + 21] ^= w5;
            out[oo + o + 22] ^= w6;
            out[oo + o + 23] ^= w7;
            out[oo + o + 24] ^= w8;
            out[oo + o + 25] ^= w9;
            out[oo + o + 26] ^= w10;
            out[oo + o + 27] ^= w11;
            out[oo + o + 28] ^= w12;
            out[oo + o + 29] ^= w13;
            out[oo + o + 30] ^= w14;
            out[oo + o + 31] ^= w15;
        } else {
            out[oo + o + 0] = v0;
            out[oo + o + 1] = v1;
            out[oo + o + 2] = v2;
            out[oo + o + 3] = v3;
            out[oo + o + 4] = v4;
            out[oo + o + 5] = v5;
            out[oo + o + 6] = v6;
            out[oo + o + 7] = v7;
            out[oo + o + 8] = v8;
            out[oo + o + 9] = v9;
            out[oo + o + 10] = v10;
            out[oo + o + 11] = v11;
            out[oo + o + 12] = v12;
            out[oo + o + 13] = v13;
            out[oo + o + 14] = v14;
            out[oo + o + 15] = v15;
            out[oo + o + 16] = w0;
            out[oo + o + 17] = w1;
            out[oo + o + 18] = w2;
            out[oo + o + 19] = w3;
            out[oo + o + 20] = w4;
            out[oo + o + 21] = w5;
            out[oo + o + 22] = w6;
            out[oo + o + 23] = w7;
            out[oo + o + 24] = w8;
            out[oo + o + 25] = w9;
            out[oo + o + 26] = w10;
            out[oo + o + 27] = w11;
            out[oo + o + 28] = w12;
            out[oo + o + 29] = w13;
            out[oo + o + 30] = w14;
            out[oo + o + 31] = w15;
        }
        v0 = v0 + v4 + (((v0 & 0xFFFFFFFFL) * (v4 & 0xFFFFFFFFL)) << 1);
        w0 = w0 + w4 + (((w0 & 0xFFFFFFFFL) * (w4 & 0xFFFFFFFFL)) << 1);
        v12 = Long.rotateRight(v12 ^ v0, 32);
        w12 = Long.rotateRight(w12 ^ w0, 32);
        v8 = v8 + v12 + (((v8 & 0xFFFFFFFFL) * (v12 & 0xFFFFFFFFL)) << 1);
        w8 = w8 + w12 + (((w8 & 0xFFFFFFFFL) * (w12 & 0xFFFFFFFFL)) << 1);
        v4 = Long.rotateRight(v4 ^ v8, 24);
        w4 = Long.rotateRight(w4 ^ w8, 24);
        v0 = v0 + v4 + (((v0 & 0xFFFFFFFFL) * (v4 & 0xFFFFFFFFL)) << 1);
        w0 = w0 + w4 + (((w0 & 0xFFFFFFFFL) * (w4 & 0xFFFFFFFFL)) << 1);
        v12 = Long.rotateRight(v12 ^ v0, 16);
        w12 = Long.rotateRight(w12 ^ w0, 16);
        v8 = v8 + v12 + (((v8 & 0xFFFFFFFFL) * (v12 & 0xFFFFFFFFL)) << 1);
        w8 = w8 + w12 + (((w8 & 0xFFFFFFFFL) * (w12 & 0xFFFFFFFFL)) << 1);
        v4 = Long.rotateRight(v4 ^ v8, 63);
        w4 = Long.rotateRight(w4 ^ w8, 63);
        v1 = v1 + v5 + (((v1 & 0xFFFFFFFFL) * (v5 & 0xFFFFFFFFL)) << 1);
        w1 = w1 + w5 + (((w1 & 0xFFFFFFFFL) * (w5 & 0xFFFFFFFFL)) << 1);
        v13 = Long.rotateRight(v13 ^ v1, 32);
        w13 = Long.rotateRight(w13 ^ w1, 32);
        v9 = v9 + v13 + (((v9 & 0xFFFFFFFFL) * (v13 & 0xFFFFFFFFL)) << 1);
        w9 = w9 + w13 + (((w9 & 0xFFFFFFFFL) * (w13 & 0xFFFFFFFFL)) << 1);
        v5 = Long.rotateRight(v5 ^ v9, 24);
        w5 = Long.rotateRight(w5 ^ w9, 24);
        v1 = v1 + v5 + (((v1 & 0xFFFFFFFFL) * (v5 & 0xFFFFFFFFL)) << 1);
        w1 = w1 + w5 + (((w1 & 0xFFFFFFFFL) * (w5 & 0xFFFFFFFFL)) << 1);
        v13 = Long.rotateRight(v13 ^ v1, 16);
        w13 = Long.rotateRight(w13 ^ w1, 16);
        v9 = v9 + v13 + (((v9 & 0xFFFFFFFFL) * (v13 & 0xFFFFFFFFL)) << 1);
        w9 = w9 + w13 + (((w9 & 0xFFFFFFFFL) * (w13 & 0xFFFFFFFFL)) << 1);
        v5 = Long.rotateRight(v5 ^ v9, 63);
        w5 = Long.rotateRight(w5 ^ w9, 63);
        v2 = v2 + v6 + (((v2 & 0xFFFFFFFFL) * (v6 & 0xFFFFFFFFL)) << 1);
        w2 = w2 + w6 + (((w2 & 0xFFFFFFFFL) * (w6 & 0xFFFFFFFFL)) << 1);
        v14 = Long.rotateRight(v14 ^ v2, 32);
        w14 = Long.rotateRight(w14 ^ w2, 32);
        v10 = v10 + v14 + (((v10 & 0xFFFFFFFFL) * (v14 & 0xFFFFFFFFL)) << 1);
        w10 = w10 + w14 + (((w10 & 0xFFFFFFFFL) * (w14 & 0xFFFFFFFFL)) << 1);
        v6 = Long.rotateRight(v6 ^ v10, 24);
        w6 = Long.rotateRight(w6 ^ w10, 24);
        v2 = v2 + v6 + (((v2 & 0xFFFFFFFFL) * (v6 & 0xFFFFFFFFL)) << 1);
        w2 = w2 + w6 + (((w2 & 0xFFFFFFFFL) * (w6 & 0xFFFFFFFFL)) << 1);
        v14 = Long.rotateRight(v14 ^ v2, 16);
        w14 = Long.rotateRight(w14 ^ w2, 16);
        v10 = v10 + v14 + (((v10 & 0xFFFFFFFFL) * (v14 & 0xFFFFFFFFL)) << 1);
        w10 = w10 + w14 + (((w10 & 0xFFFFFFFFL) * (w14 & 0xFFFFFFFFL)) << 1);
        v6 = Long.rotateRight(v6 ^ v10, 63);
        w6 = Long.rotateRight(w6 ^ w10, 63);
        v3 = v3 + v7 + (((v3 & 0xFFFFFFFFL) * (v7 & 0xFFFFFFFFL)) << 1);
        w3 = w3 + w7 + (((w3 & 0xFFFFFFFFL) * (w7 & 0xFFFFFFFFL)) << 1);
        v15 = Long.rotateRight(v15 ^ v3, 32);
        w15 = Long.rotateRight(w15 ^ w3, 32);
        v11 = v11 + v15 + (((v11 & 0xFFFFFFFFL) * (v15 & 0xFFFFFFFFL)) << 1);
        w11 = w11 + w15 + (((w11 & 0xFFFFFFFFL) * (w15 & 0xFFFFFFFFL)) << 1);
        v7 = Long.rotateRight(v7 ^ v11, 24);
        w7 = Long.rotateRight(w7 ^ w11, 24);
        v3 = v3 + v7 + (((v3 & 0xFFFFFFFFL) * (v7 & 0xFFFFFFFFL)) << 1);
        w3 = w3 + w7 + (((w3 & 0xFFFFFFFFL) * (w7 & 0xFFFFFFFFL)) << 1);
        v15 = Long.rotateRight(v15 ^ v3, 16);
        w15 = Long.rotateRight(w15 ^ w3, 16);
        v11 = v11 + v15 + (((v11 & 0xFFFFFFFFL) * (v15 & 0xFFFFFFFFL)) << 1);
        w11 = w11 + w15 + (((w11 & 0xFFFFFFFFL) * (w15 & 0xFFFFFFFFL)) << 1);
        v7 = Long.rotateRight(v7 ^ v11, 63);
        w7 = Long.rotateRight(w7 ^ w11, 63);
        v0 = v0 + v5 + (((v0 & 0xFFFFFFFFL) * (v5 & 0xFFFFFFFFL)) << 1);
        w0 = w0 + w5 + (((w0 & 0xFFFFFFFFL) * (w5 & 0xFFFFFFFFL)) << 1);
        v15 = Long.rotateRight(v15 ^ v0, 32);
        w15 = Long.rotateRight(w15 ^ w0, 32);
        v10 = v10 + v15 + (((v10 & 0xFFFFFFFFL) * (v15 & 0xFFFFFFFFL)) << 1);
        w10 = w10 + w15 + (((w10 & 0xFFFFFFFFL) * (w15 & 0xFFFFFFFFL)) << 1);
        v5 = Long.rotateRight(v5 ^ v10, 24);
        w5 = Long.rotateRight(w5 ^ w10, 24);
        v0 = v0 + v5 + (((v0 & 0xFFFFFFFFL) * (v5 & 0xFFFFFFFFL)) << 1);
        w0 = w0 + w5 + (((w0 & 0xFFFFFFFFL) * (w5 & 0xFFFFFFFFL)) << 1);
        v15 = Long.rotateRight(v15 ^ v0, 16);
        w15 = Long.rotateRight(w15 ^ w0, 16);
        v10 = v10 + v15 + (((v10 & 0xFFFFFFFFL) * (v15 & 0xFFFFFFFFL)) << 1);
        w10 = w10 + w15 + (((w10 & 0xFFFFFFFFL) * (w15 & 0xFFFFFFFFL)) << 1);
        v5 = Long.rotateRight(v5 ^ v10, 63);
        w5 = Long.rotateRight(w5 ^ w10, 63);
        v1 = v1 + v6 + (((v1 & 0xFFFFFFFFL) * (v6 & 0xFFFFFFFFL)) << 1);
        w1 = w1 + w6 + (((w1 & 0xFFFFFFFFL) * (w6 & 0xFFFFFFFFL)) << 1);
        v12 = Long.rotateRight(v12 ^ v1, 32);
        w12 = Long.rotateRight(w12 ^ w1, 32);
        v11 = v11 + v12 + (((v11 & 0xFFFFFFFFL) * (v12 & 0xFFFFFFFFL)) << 1);
        w11 = w11 + w12 + (((w11 & 0xFFFFFFFFL) * (w12 & 0xFFFFFFFFL)) << 1);
        v6 = Long.rotateRight(v6 ^ v11, 24);
        w6 = Long.rotateRight(w6 ^ w11, 24);
        v1 = v1 + v6 + (((v1 & 0xFFFFFFFFL) * (v6 & 0xFFFFFFFFL)) << 1);
        w1 = w1 + w6 + (((w1 & 0xFFFFFFFFL) * (w6 & 0xFFFFFFFFL)) << 1);
        v12 = Long.rotateRight(v12 ^ v1, 16);
        w12 = Long.rotateRight(w12 ^ w1, 16);
        v11 = v11 + v12 + (((v11 & 0xFFFFFFFFL) * (v12 & 0xFFFFFFFFL)) << 1);
        w11 = w11 + w12 + (((w11 & 0xFFFFFFFFL) * (w12 & 0xFFFFFFFFL)) << 1);
        v6 = Long.rotateRight(v6 ^ v11, 63);
        w6 = Long.rotateRight(w6 ^ w11, 63);
        v2 = v2 + v7 + (((v2 & 0xFFFFFFFFL) * (v7 & 0xFFFFFFFFL)) << 1);
        w2 = w2 + w7 + (((w2 & 0xFFFFFFFFL) * (w7 & 0xFFFFFFFFL)) << 1);
        v13 = Long.rotateRight(v13 ^ v2, 32);
        w13 = Long.rotateRight(w13 ^ w2, 32);
        v8 = v8 + v13 + (((v8 & 0xFFFFFFFFL) * (v13 & 0xFFFFFFFFL)) << 1);
        w8 = w8 + w13 + (((w8 & 0xFFFFFFFFL) * (w13 & 0xFFFFFFFFL)) << 1);
        v7 = Long.rotateRight(v7 ^ v8, 24);
        w7 = Long.rotateRight(w7 ^ w8, 24);
        v2 = v2 + v7 + (((v2 & 0xFFFFFFFFL) * (v7 & 0xFFFFFFFFL)) << 1);
        w2 = w2 + w7 + (((w2 & 0xFFFFFFFFL) * (w7 & 0xFFFFFFFFL)) << 1);
        v13 = Long.rotateRight(v13 ^ v2, 16);
        w13 = Long.rotateRight(w13 ^ w2, 16);
        v8 = v8 + v13 + (((v8 & 0xFFFFFFFFL) * (v13 & 0xFFFFFFFFL)) << 1);
        w8 = w8 + w13 + (((w8 & 0xFFFFFFFFL) * (w13 & 0xFFFFFFFFL)) << 1);
        v7 = Long.rotateRight(v7 ^ v8, 63);
        w7 = Long.rotateRight(w7 ^ w8, 63);
        v3 = v3 + v4 + (((v3 & 0xFFFFFFFFL) * (v4 & 0xFFFFFFFFL)) << 1);
        w3 = w3 + w4 + (((w3 & 0xFFFFFFFFL) * (w4 & 0xFFFFFFFFL)) << 1);
        v14 = Long.rotateRight(v14 ^ v3, 32);
        w14 = Long.rotateRight(w14 ^ w3, 32);
        v9 = v9 + v14 + (((v9 & 0xFFFFFFFFL) * (v14 & 0xFFFFFFFFL)) << 1);
        w9 = w9 + w14 + (((w9 & 0xFFFFFFFFL) * (w14 & 0xFFFFFFFFL)) << 1);
        v4 = Long.rotateRight(v4 ^ v9, 24);
        w4 = Long.rotateRight(w4 ^ w9, 24);
        v3 = v3 + v4 + (((v3 & 0xFFFFFFFFL) * (v4 & 0xFFFFFFFFL)) << 1);
        w3 = w3 + w4 + (((w3 & 0xFFFFFFFFL) * (w4 & 0xFFFFFFFFL)) << 1);
        v14 = Long.rotateRight(v14 ^ v3, 16);
        w14 = Long.rotateRight(w14 ^ w3, 16);
        v9 = v9 + v14 + (((v9 & 0xFFFFFFFFL) * (v14 & 0xFFFFFFFFL)) << 1);
        w9 = w9 + w14 + (((w9 & 0xFFFFFFFFL) * (w14 & 0xFFFFFFFFL)) << 1);
        v4 = Long.rotateRight(v4 ^ v9, 63);
        w4 = Long.rotateRight(w4 ^ w9, 63);
        r[o + 0] = v0;
        r[o + 1] = v1;
        r[o + 2] = v2;
        r[o + 3] = v3;
        r[o + 4] = v4;
        r[o + 5] = v5;
        r[o + 6] = v6;
        r[o + 7] = v7;
        r[o + 8] = v8;
        r[o + 9] = v9;
        r[o + 10] = v10;
        r[o + 11] = v11;
        r[o + 12] = v12;
        r[o + 13] = v13;
        r[o + 14] = v14;
        r[o + 15] = v15;
        r[o + 16] = w0;
        r[o + 17] = w1;
        r[o + 18] = w2;
        r[o + 19] = w3;
        r[o + 20] = w4;
        r[o + 21] = w5;
        r[o + 22] = w6;
        r[o + 23] = w7;
        r[o + 24] = w8;
        r[o + 25] = w9;
        r[o + 26] = w10;
        r[o + 27] = w11;
        r[o + 28] = w12;
        r[o + 29] = w13;
        r[o + 30] = w14;
        r[o + 31] = w15;
    }

    /**
     * Two columns of P: words o, o+1, o+16, o+17, ... o+112, o+113 and the same from o + 2,
     * XORed into out, which holds R (or R XOR the block's previous value).
     */
    private static void columnRound(long[] r, int o, long[] out, int oo) {
        long v0 = r[o + 0];
        long v1 = r[o + 1];
        long v2 = r[o + 16];
        long v3 = r[o + 17];
        long v4 = r[o + 32];
        long v5 = r[o + 33];
        long v6 = r[o + 48];
        long v7 = r[o + 49];
        long v8 = r[o + 64];
        long v9 = r[o + 65];
        long v10 = r[o + 80];
        long v11 = r[o + 81];
        long v12 = r[o + 96];
        long v13 = r[o + 97];
        long v14 = r[o + 112];
        long v15 = r[o + 113];
        long w0 = r[o + 2];
        long w1 = r[o + 3];
        long w2 = r[o + 18];
        long w3 = r[o + 19];
        long w4 = r[o + 34];
        long w5 = r[o + 35];
        long w6 = r[o + 50];
        long w7 = r[o + 51];
        long w8 = r[o + 66];
        long w9 = r[o + 67];
        long w10 = r[o + 82];
        long w11 = r[o + 83];
        long w12 = r[o + 98];
        long w13 = r[o + 99];
        long w14 = r[o + 114];
        long w15 = r[o + 115];
        v0 = v0 + v4 + (((v0 & 0xFFFFFFFFL) * (v4 & 0xFFFFFFFFL)) << 1);
        w0 = w0 + w4 + (((w0 & 0xFFFFFFFFL) * (w4 & 0xFFFFFFFFL)) << 1);
        v12 = Long.rotateRight(v12 ^ v0, 32);
        w12 = Long.rotateRight(w12 ^ w0, 32);
        v8 = v8 + v12 + (((v8 & 0xFFFFFFFFL) * (v12 & 0xFFFFFFFFL)) << 1);
        w8 = w8 + w12 + (((w8 & 0xFFFFFFFFL) * (w12 & 0xFFFFFFFFL)) << 1);
        v4 = Long.rotateRight(v4 ^ v8, 24);
        w4 = Long.rotateRight(w4 ^ w8, 24);
        v0 = v0 + v4 + (((v0 & 0xFFFFFFFFL) * (v4 & 0xFFFFFFFFL)) << 1);
        w0 = w0 + w4 + (((w0 & 0xFFFFFFFFL) * (w4 & 0xFFFFFFFFL)) << 1);
        v12 = Long.rotateRight(v12 ^ v0, 16);
        w12 = Long.rotateRight(w12 ^ w0, 16);
        v8 = v8 + v12 + (((v8 & 0xFFFFFFFFL) * (v12 & 0xFFFFFFFFL)) << 1);
        w8 = w8 + w12 + (((w8 & 0xFFFFFFFFL) * (w12 & 0xFFFFFFFFL)) << 1);
        v4 = Long.rotateRight(v4 ^ v8, 63);
        w4 = Long.rotateRight(w4 ^ w8, 63);
        v1 = v1 + v5 + (((v1 & 0xFFFFFFFFL) * (v5 & 0xFFFFFFFFL)) << 1);
        w1 = w1 + w5 + (((w1 & 0xFFFFFFFFL) * (w5 & 0xFFFFFFFFL)) << 1);
        v13 = Long.rotateRight(v13 ^ v1, 32);
        w13 = Long.rotateRight(w13 ^ w1, 32);
        v9 = v9 + v13 + (((v9 & 0xFFFFFFFFL) * (v13 & 0xFFFFFFFFL)) << 1);
        w9 = w9 + w13 + (((w9 & 0xFFFFFFFFL) * (w13 & 0xFFFFFFFFL)) << 1);
        v5 = Long.rotateRight(v5 ^ v9, 24);
        w5 = Long.rotateRight(w5 ^ w9, 24);
        v1 = v1 + v5 + (((v1 & 0xFFFFFFFFL) * (v5 & 0xFFFFFFFFL)) << 1);
        w1 = w1 + w5 + (((w1 & 0xFFFFFFFFL) * (w5 & 0xFFFFFFFFL)) << 1);
        v13 = Long.rotateRight(v13 ^ v1, 16);
        w13 = Long.rotateRight(w13 ^ w1, 16);
        v9 = v9 + v13 + (((v9 & 0xFFFFFFFFL) * (v13 & 0xFFFFFFFFL)) << 1);
        w9 = w9 + w13 + (((w9 & 0xFFFFFFFFL) * (w13 & 0xFFFFFFFFL)) << 1);
        v5 = Long.rotateRight(v5 ^ v9, 63);
        w5 = Long.rotateRight(w5 ^ w9, 63);
        v2 = v2 + v6 + (((v2 & 0xFFFFFFFFL) * (v6 & 0xFFFFFFFFL)) << 1);
        w2 = w2 + w6 + (((w2 & 0xFFFFFFFFL) * (w6 & 0xFFFFFFFFL)) << 1);
        v14 = Long.rotateRight(v14 ^ v2, 32);
        w14 = Long.rotateRight(w14 ^ w2, 32);
        v10 = v10 + v14 + (((v10 & 0xFFFFFFFFL) * (v14 & 0xFFFFFFFFL)) << 1);
        w10 = w10 + w14 + (((w10 & 0xFFFFFFFFL) * (w14 & 0xFFFFFFFFL)) << 1);
        v6 = Long.rotateRight(v6 ^ v10, 24);
        w6 = Long.rotateRight(w6 ^ w10, 24);
        v2 = v2 + v6 + (((v2 & 0xFFFFFFFFL) * (v6 & 0xFFFFFFFFL)) << 1);
        w2 = w2 + w6 + (((w2 & 0xFFFFFFFFL) * (w6 & 0xFFFFFFFFL)) << 1);
        v14 = Long.rotateRight(v14 ^ v2, 16);
        w14 = Long.rotateRight(w14 ^ w2, 16);
        v10 = v10 + v14 + (((v10 & 0xFFFFFFFFL) * (v14 & 0xFFFFFFFFL)) << 1);
        w10 = w10 + w14 + (((w10 & 0xFFFFFFFFL) * (w14 & 0xFFFFFFFFL)) << 1);
        v6 = Long.rotateRight(v6 ^ v10, 63);
        w6 = Long.rotateRight(w6 ^ w10, 63);
        v3 = v3 + v7 + (((v3 & 0xFFFFFFFFL) * (v7 & 0xFFFFFFFFL)) << 1);
        w3 = w3 + w7 + (((w3 & 0xFFFFFFFFL) * (w7 & 0xFFFFFFFFL)) << 1);
        v15 = Long.rotateRight(v15 ^ v3, 32);
        w15 = Long.rotateRight(w15 ^ w3, 32);
        v11 = v11 + v15 + (((v11 & 0xFFFFFFFFL) * (v15 & 0xFFFFFFFFL)) << 1);
        w11 = w11 + w15 + (((w11 & 0xFFFFFFFFL) * (w15 & 0xFFFFFFFFL)) << 1);
        v7 = Long.rotateRight(v7 ^ v11, 24);
        w7 = Long.rotateRight(w7 ^ w11, 24);
        v3 = v3 + v7 + (((v3 & 0xFFFFFFFFL) * (v7 & 0xFFFFFFFFL)) << 1);
        w3 = w3 + w7 + (((w3 & 0xFFFFFFFFL) * (w7 & 0xFFFFFFFFL)) << 1);
        v15 = Long.rotateRight(v15 ^ v3, 16);
        w15 = Long.rotateRight(w15 ^ w3, 16);
        v11 = v11 + v15 + (((v11 & 0xFFFFFFFFL) * (v15 & 0xFFFFFFFFL)) << 1);
        w11 = w11 + w15 + (((w11 & 0xFFFFFFFFL) * (w15 & 0xFFFFFFFFL)) << 1);
        v7 = Long.rotateRight(v7 ^ v11, 63);
        w7 = Long.rotateRight(w7 ^ w11, 63);
        v0 = v0 + v5 + (((v0 & 0xFFFFFFFFL) * (v5 & 0xFFFFFFFFL)) << 1);
        w0 = w0 + w5 + (((w0 & 0xFFFFFFFFL) * (w5 & 0xFFFFFFFFL)) << 1);
        v15 = Long.rotateRight(v15 ^ v0, 32);
        w15 = Long.rotateRight(w15 ^ w0, 32);
        v10 = v10 + v15 + (((v10 & 0xFFFFFFFFL) * (v15 & 0xFFFFFFFFL)) << 1);
        w10 = w10 + w15 + (((w10 & 0xFFFFFFFFL) * (w15 & 0xFFFFFFFFL)) << 1);
        v5 = Long.rotateRight(v5 ^ v10, 24);
        w5 = Long.rotateRight(w5 ^ w10, 24);
        v0 = v0 + v5 + (((v0 & 0xFFFFFFFFL) * (v5 & 0xFFFFFFFFL)) << 1);
        w0 = w0 + w5 + (((w0 & 0xFFFFFFFFL) * (w5 & 0xFFFFFFFFL)) << 1);
        v15 = Long.rotateRight(v15 ^ v0, 16);
        w15 = Long.rotateRight(w15 ^ w0, 16);
        v10 = v10 + v15 + (((v10 & 0xFFFFFFFFL) * (v15 & 0xFFFFFFFFL)) << 1);
        w10 = w10 + w15 + (((w10 & 0xFFFFFFFFL) * (w15 & 0xFFFFFFFFL)) << 1);
        v5 = Long.rotateRight(v5 ^ v10, 63);
        w5 = Long.rotateRight(w5 ^ w10, 63);
        v1 = v1 + v6 + (((v1 & 0xFFFFFFFFL) * (v6 & 0xFFFFFFFFL)) << 1);
        w1 = w1 + w6 + (((w1 & 0xFFFFFFFFL) * (w6 & 0xFFFFFFFFL)) << 1);
        v12 = Long.rotateRight(v12 ^ v1, 32);
        w12 = Long.rotateRight(w12 ^ w1, 32);
        v11 = v11 + v12 + (((v11 & 0xFFFFFFFFL) * (v12 & 0xFFFFFFFFL)) << 1);
        w11 = w11 + w12 + (((w11 & 0xFFFFFFFFL) * (w12 & 0xFFFFFFFFL)) << 1);
        v6 = Long.rotateRight(v6 ^ v11, 24);
        w6 = Long.rotateRight(w6 ^ w11, 24);
        v1 = v1 + v6 + (((v1 & 0xFFFFFFFFL) * (v6 & 0xFFFFFFFFL)) << 1);
        w1 = w1 + w6 + (((w1 & 0xFFFFFFFFL) * (w6 & 0xFFFFFFFFL)) << 1);
        v12 = Long.rotateRight(v12 ^ v1, 16);
        w12 = Long.rotateRight(w12 ^ w1, 16);
        v11 = v11 + v12 + (((v11 & 0xFFFFFFFFL) * (v12 & 0xFFFFFFFFL)) << 1);
        w11 = w11 + w12 + (((w11 & 0xFFFFFFFFL) * (w12 & 0xFFFFFFFFL)) << 1);
        v6 = Long.rotateRight(v6 ^ v11, 63);
        w6 = Long.rotateRight(w6 ^ w11, 63);
        v2 = v2 + v7 + (((v2 & 0xFFFFFFFFL) * (v7 & 0xFFFFFFFFL)) << 1);
        w2 = w2 + w7 + (((w2 & 0xFFFFFFFFL) * (w7 & 0xFFFFFFFFL)) << 1);
        v13 = Long.rotateRight(v13 ^ v2, 32);
        w13 = Long.rotateRight(w13 ^ w2, 32);
        v8 = v8 + v13 + (((v8 & 0xFFFFFFFFL) * (v13 & 0xFFFFFFFFL)) << 1);
        w8 = w8 + w13 + (((w8 & 0xFFFFFFFFL) * (w13 & 0xFFFFFFFFL)) << 1);
        v7 = Long.rotateRight(v7 ^ v8, 24);
        w7 = Long.rotateRight(w7 ^ w8, 24);
        v2 = v2 + v7 + (((v2 & 0xFFFFFFFFL) * (v7 & 0xFFFFFFFFL)) << 1);
        w2 = w2 + w7 + (((w2 & 0xFFFFFFFFL) * (w7 & 0xFFFFFFFFL)) << 1);
        v13 = Long.rotateRight(v13 ^ v2, 16);
        w13 = Long.rotateRight(w13 ^ w2, 16);
        v8 = v8 + v13 + (((v8 & 0xFFFFFFFFL) * (v13 & 0xFFFFFFFFL)) << 1);
        w8 = w8 + w13 + (((w8 & 0xFFFFFFFFL) * (w13 & 0xFFFFFFFFL)) << 1);
        v7 = Long.rotateRight(v7 ^ v8, 63);
        w7 = Long.rotateRight(w7 ^ w8, 63);
        v3 = v3 + v4 + (((v3 & 0xFFFFFFFFL) * (v4 & 0xFFFFFFFFL)) << 1);
        w3 = w3 + w4 + (((w3 & 0xFFFFFFFFL) * (w4 & 0xFFFFFFFFL)) << 1);
        v14 = Long.rotateRight(v14 ^ v3, 32);
        w14 = Long.rotateRight(w14 ^ w3, 32);
        v9 = v9 + v14 + (((v9 & 0xFFFFFFFFL) * (v14 & 0xFFFFFFFFL)) << 1);
        w9 = w9 + w14 + (((w9 & 0xFFFFFFFFL) * (w14 & 0xFFFFFFFFL)) << 1);
        v4 = Long.rotateRight(v4 ^ v9, 24);
        w4 = Long.rotateRight(w4 ^ w9, 24);
        v3 = v3 + v4 + (((v3 & 0xFFFFFFFFL) * (v4 & 0xFFFFFFFFL)) << 1);
        w3 = w3 + w4 + (((w3 & 0xFFFFFFFFL) * (w4 & 0xFFFFFFFFL)) << 1);
        v14 = Long.rotateRight(v14 ^ v3, 16);
        w14 = Long.rotateRight(w14 ^ w3, 16);
        v9 = v9 + v14 + (((v9 & 0xFFFFFFFFL) * (v14 & 0xFFFFFFFFL)) << 1);
        w9 = w9 + w14 + (((w9 & 0xFFFFFFFFL) * (w14 & 0xFFFFFFFFL)) << 1);
        v4 = Long.rotateRight(v4 ^ v9, 63);
        w4 = Long.rotateRight(w4 ^ w9, 63);
        out[oo + o + 0] ^= v0;
        out[oo + o + 1] ^= v1;
        out[oo + o + 16] ^= v2;
        out[oo + o + 17] ^= v3;
        out[oo + o + 32] ^= v4;
        out[oo + o + 33] ^= v5;
        out[oo + o + 48] ^= v6;
        out[oo + o + 49] ^= v7;
        out[oo + o + 64] ^= v8;
        out[oo + o + 65] ^= v9;
        out[oo + o + 80] ^= v10;
        out[oo + o + 81] ^= v11;
        out[oo + o + 96] ^= v12;
        out[oo + o + 97] ^= v13;
        out[oo + o + 112] ^= v14;
        out[oo + o + 113] ^= v15;
        out[oo + o + 2] ^= w0;
        out[oo + o + 3] ^= w1;
        out[oo + o + 18] ^= w2;
        out[oo + o + 19] ^= w3;
        out[oo + o + 34] ^= w4;
        out[oo + o + 35] ^= w5;
        out[oo + o + 50] ^= w6;
        out[oo + o + 51] ^= w7;
        out[oo + o + 66] ^= w8;
        out[oo + o + 67] ^= w9;
        out[oo + o + 82] ^= w10;
        out[oo + o + 83] ^= w11;
        out[oo + o + 98] ^= w12;
        out[oo + o + 99] ^= w13;
        out[oo + o + 114] ^= w14;
        out[oo + o + 115] ^= w15;
    }

    private static void putLittleEndianInt(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 16);
        b[at + 3] = (byte) (value >>> 24);
    }

    private static void putLittleEndianLong(byte[] b, int at, long value) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
