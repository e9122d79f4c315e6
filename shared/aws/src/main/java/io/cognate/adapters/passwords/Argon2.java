package io.cognate.adapters.passwords;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2 (RFC 9106: Argon2d, Argon2i and Argon2id, versions 0x10 and 0x13) on one thread, in a
 * work area that is reused from one hash to the next: its blocks are one {@code long[]} of
 * 128 longs per KiB of memory cost, kept in a small pool ({@link WorkAreas}) and wiped after
 * every hash. password4j allocated about 97 MiB per check at m=19 MiB (five times the memory
 * cost); a check here, parsing included, allocates about 1.4 KB once its work area exists.
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
     * rows at o and o + 16, starting from R = x ^ y, which is also written to out (or XORed into
     * it). Each G of one row runs beside the same G of the other row, four words of each in
     * locals: two independent chains for the CPU to overlap, and few enough live values (8 plus
     * temporaries) that C2 keeps them in registers. Paired runs against other shapes (one row per
     * call with all 16 words in locals; two rows with all 32 in locals; four G at once) on these
     * two cores: this one 1.00–1.08 x the C reference's CPU time, the others 1.08–1.35 x. Four
     * rows per call exceed C2's method size limit and run interpreted. The product's doubling is
     * written as a shift, which C2 folds into the add.
     */
    private static void rowRound(long[] x, int xo, long[] y, int yo, long[] out, int oo, boolean xorInto, long[] r, int o) {
        if (xorInto) {
            for (int i = 0; i < 32; i++) {
                long value = x[xo + o + i] ^ y[yo + o + i];
                out[oo + o + i] ^= value;
                r[o + i] = value;
            }
        } else {
            for (int i = 0; i < 32; i++) {
                long value = x[xo + o + i] ^ y[yo + o + i];
                out[oo + o + i] = value;
                r[o + i] = value;
            }
        }
        {
            long a0 = r[o + 0]; long b0 = r[o + 4]; long c0 = r[o + 8]; long d0 = r[o + 12];
            long a1 = r[o + 16]; long b1 = r[o + 20]; long c1 = r[o + 24]; long d1 = r[o + 28];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 0] = a0; r[o + 4] = b0; r[o + 8] = c0; r[o + 12] = d0;
            r[o + 16] = a1; r[o + 20] = b1; r[o + 24] = c1; r[o + 28] = d1;
        }
        {
            long a0 = r[o + 1]; long b0 = r[o + 5]; long c0 = r[o + 9]; long d0 = r[o + 13];
            long a1 = r[o + 17]; long b1 = r[o + 21]; long c1 = r[o + 25]; long d1 = r[o + 29];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 1] = a0; r[o + 5] = b0; r[o + 9] = c0; r[o + 13] = d0;
            r[o + 17] = a1; r[o + 21] = b1; r[o + 25] = c1; r[o + 29] = d1;
        }
        {
            long a0 = r[o + 2]; long b0 = r[o + 6]; long c0 = r[o + 10]; long d0 = r[o + 14];
            long a1 = r[o + 18]; long b1 = r[o + 22]; long c1 = r[o + 26]; long d1 = r[o + 30];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 2] = a0; r[o + 6] = b0; r[o + 10] = c0; r[o + 14] = d0;
            r[o + 18] = a1; r[o + 22] = b1; r[o + 26] = c1; r[o + 30] = d1;
        }
        {
            long a0 = r[o + 3]; long b0 = r[o + 7]; long c0 = r[o + 11]; long d0 = r[o + 15];
            long a1 = r[o + 19]; long b1 = r[o + 23]; long c1 = r[o + 27]; long d1 = r[o + 31];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 3] = a0; r[o + 7] = b0; r[o + 11] = c0; r[o + 15] = d0;
            r[o + 19] = a1; r[o + 23] = b1; r[o + 27] = c1; r[o + 31] = d1;
        }
        {
            long a0 = r[o + 0]; long b0 = r[o + 5]; long c0 = r[o + 10]; long d0 = r[o + 15];
            long a1 = r[o + 16]; long b1 = r[o + 21]; long c1 = r[o + 26]; long d1 = r[o + 31];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 0] = a0; r[o + 5] = b0; r[o + 10] = c0; r[o + 15] = d0;
            r[o + 16] = a1; r[o + 21] = b1; r[o + 26] = c1; r[o + 31] = d1;
        }
        {
            long a0 = r[o + 1]; long b0 = r[o + 6]; long c0 = r[o + 11]; long d0 = r[o + 12];
            long a1 = r[o + 17]; long b1 = r[o + 22]; long c1 = r[o + 27]; long d1 = r[o + 28];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 1] = a0; r[o + 6] = b0; r[o + 11] = c0; r[o + 12] = d0;
            r[o + 17] = a1; r[o + 22] = b1; r[o + 27] = c1; r[o + 28] = d1;
        }
        {
            long a0 = r[o + 2]; long b0 = r[o + 7]; long c0 = r[o + 8]; long d0 = r[o + 13];
            long a1 = r[o + 18]; long b1 = r[o + 23]; long c1 = r[o + 24]; long d1 = r[o + 29];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 2] = a0; r[o + 7] = b0; r[o + 8] = c0; r[o + 13] = d0;
            r[o + 18] = a1; r[o + 23] = b1; r[o + 24] = c1; r[o + 29] = d1;
        }
        {
            long a0 = r[o + 3]; long b0 = r[o + 4]; long c0 = r[o + 9]; long d0 = r[o + 14];
            long a1 = r[o + 19]; long b1 = r[o + 20]; long c1 = r[o + 25]; long d1 = r[o + 30];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 3] = a0; r[o + 4] = b0; r[o + 9] = c0; r[o + 14] = d0;
            r[o + 19] = a1; r[o + 20] = b1; r[o + 25] = c1; r[o + 30] = d1;
        }
    }

    /**
     * Two columns of P: words o, o+1, o+16, o+17, ... o+112, o+113 and the same from o + 2, then
     * XORed into out, which holds R (or R XOR the block's previous value).
     */
    private static void columnRound(long[] r, int o, long[] out, int oo) {
        {
            long a0 = r[o + 0]; long b0 = r[o + 32]; long c0 = r[o + 64]; long d0 = r[o + 96];
            long a1 = r[o + 2]; long b1 = r[o + 34]; long c1 = r[o + 66]; long d1 = r[o + 98];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 0] = a0; r[o + 32] = b0; r[o + 64] = c0; r[o + 96] = d0;
            r[o + 2] = a1; r[o + 34] = b1; r[o + 66] = c1; r[o + 98] = d1;
        }
        {
            long a0 = r[o + 1]; long b0 = r[o + 33]; long c0 = r[o + 65]; long d0 = r[o + 97];
            long a1 = r[o + 3]; long b1 = r[o + 35]; long c1 = r[o + 67]; long d1 = r[o + 99];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 1] = a0; r[o + 33] = b0; r[o + 65] = c0; r[o + 97] = d0;
            r[o + 3] = a1; r[o + 35] = b1; r[o + 67] = c1; r[o + 99] = d1;
        }
        {
            long a0 = r[o + 16]; long b0 = r[o + 48]; long c0 = r[o + 80]; long d0 = r[o + 112];
            long a1 = r[o + 18]; long b1 = r[o + 50]; long c1 = r[o + 82]; long d1 = r[o + 114];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 16] = a0; r[o + 48] = b0; r[o + 80] = c0; r[o + 112] = d0;
            r[o + 18] = a1; r[o + 50] = b1; r[o + 82] = c1; r[o + 114] = d1;
        }
        {
            long a0 = r[o + 17]; long b0 = r[o + 49]; long c0 = r[o + 81]; long d0 = r[o + 113];
            long a1 = r[o + 19]; long b1 = r[o + 51]; long c1 = r[o + 83]; long d1 = r[o + 115];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 17] = a0; r[o + 49] = b0; r[o + 81] = c0; r[o + 113] = d0;
            r[o + 19] = a1; r[o + 51] = b1; r[o + 83] = c1; r[o + 115] = d1;
        }
        {
            long a0 = r[o + 0]; long b0 = r[o + 33]; long c0 = r[o + 80]; long d0 = r[o + 113];
            long a1 = r[o + 2]; long b1 = r[o + 35]; long c1 = r[o + 82]; long d1 = r[o + 115];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 0] = a0; r[o + 33] = b0; r[o + 80] = c0; r[o + 113] = d0;
            r[o + 2] = a1; r[o + 35] = b1; r[o + 82] = c1; r[o + 115] = d1;
        }
        {
            long a0 = r[o + 1]; long b0 = r[o + 48]; long c0 = r[o + 81]; long d0 = r[o + 96];
            long a1 = r[o + 3]; long b1 = r[o + 50]; long c1 = r[o + 83]; long d1 = r[o + 98];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 1] = a0; r[o + 48] = b0; r[o + 81] = c0; r[o + 96] = d0;
            r[o + 3] = a1; r[o + 50] = b1; r[o + 83] = c1; r[o + 98] = d1;
        }
        {
            long a0 = r[o + 16]; long b0 = r[o + 49]; long c0 = r[o + 64]; long d0 = r[o + 97];
            long a1 = r[o + 18]; long b1 = r[o + 51]; long c1 = r[o + 66]; long d1 = r[o + 99];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 16] = a0; r[o + 49] = b0; r[o + 64] = c0; r[o + 97] = d0;
            r[o + 18] = a1; r[o + 51] = b1; r[o + 66] = c1; r[o + 99] = d1;
        }
        {
            long a0 = r[o + 17]; long b0 = r[o + 32]; long c0 = r[o + 65]; long d0 = r[o + 112];
            long a1 = r[o + 19]; long b1 = r[o + 34]; long c1 = r[o + 67]; long d1 = r[o + 114];
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 32);
            d1 = Long.rotateRight(d1 ^ a1, 32);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 24);
            b1 = Long.rotateRight(b1 ^ c1, 24);
            a0 = a0 + b0 + (((a0 & 0xFFFFFFFFL) * (b0 & 0xFFFFFFFFL)) << 1);
            a1 = a1 + b1 + (((a1 & 0xFFFFFFFFL) * (b1 & 0xFFFFFFFFL)) << 1);
            d0 = Long.rotateRight(d0 ^ a0, 16);
            d1 = Long.rotateRight(d1 ^ a1, 16);
            c0 = c0 + d0 + (((c0 & 0xFFFFFFFFL) * (d0 & 0xFFFFFFFFL)) << 1);
            c1 = c1 + d1 + (((c1 & 0xFFFFFFFFL) * (d1 & 0xFFFFFFFFL)) << 1);
            b0 = Long.rotateRight(b0 ^ c0, 63);
            b1 = Long.rotateRight(b1 ^ c1, 63);
            r[o + 17] = a0; r[o + 32] = b0; r[o + 65] = c0; r[o + 112] = d0;
            r[o + 19] = a1; r[o + 34] = b1; r[o + 67] = c1; r[o + 114] = d1;
        }
        out[oo + o + 0] ^= r[o + 0];
        out[oo + o + 2] ^= r[o + 2];
        out[oo + o + 1] ^= r[o + 1];
        out[oo + o + 3] ^= r[o + 3];
        out[oo + o + 16] ^= r[o + 16];
        out[oo + o + 18] ^= r[o + 18];
        out[oo + o + 17] ^= r[o + 17];
        out[oo + o + 19] ^= r[o + 19];
        out[oo + o + 32] ^= r[o + 32];
        out[oo + o + 34] ^= r[o + 34];
        out[oo + o + 33] ^= r[o + 33];
        out[oo + o + 35] ^= r[o + 35];
        out[oo + o + 48] ^= r[o + 48];
        out[oo + o + 50] ^= r[o + 50];
        out[oo + o + 49] ^= r[o + 49];
        out[oo + o + 51] ^= r[o + 51];
        out[oo + o + 64] ^= r[o + 64];
        out[oo + o + 66] ^= r[o + 66];
        out[oo + o + 65] ^= r[o + 65];
        out[oo + o + 67] ^= r[o + 67];
        out[oo + o + 80] ^= r[o + 80];
        out[oo + o + 82] ^= r[o + 82];
        out[oo + o + 81] ^= r[o + 81];
        out[oo + o + 83] ^= r[o + 83];
        out[oo + o + 96] ^= r[o + 96];
        out[oo + o + 98] ^= r[o + 98];
        out[oo + o + 97] ^= r[o + 97];
        out[oo + o + 99] ^= r[o + 99];
        out[oo + o + 112] ^= r[o + 112];
        out[oo + o + 114] ^= r[o + 114];
        out[oo + o + 113] ^= r[o + 113];
        out[oo + o + 115] ^= r[o + 115];
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
